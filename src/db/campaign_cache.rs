//! Campaigns and titles held in memory by each server, like the people directory: a plan is read on
//! every campaign page but changes a few times a year. Entries are valid for one
//! `data_versions.campaigns` value (bumped by triggers with every change to campaigns, their items,
//! rule sets, titles or units); a request carrying a newer version empties the cache first.

use super::campaigns::{CampaignRow, TitleRow};
use super::versioned::Counts;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The versions campaigns and titles follow.
pub const FOLLOWS: &[super::versioned::Version] = &[super::versioned::Version::Campaigns];

#[derive(Default)]
struct Inner {
    version: i64,
    campaigns: HashMap<i64, Arc<CampaignRow>>,
    titles: HashMap<(i64, String), Arc<Vec<TitleRow>>>,
}

pub struct CampaignCache {
    inner: RwLock<Inner>,
    /// campaigns served from memory or loaded; the same for the registrable titles
    campaign_counts: Counts,
    title_counts: Counts,
}

impl Default for CampaignCache {
    fn default() -> Self {
        CampaignCache {
            inner: Default::default(),
            campaign_counts: Counts::new("campaigns"),
            title_counts: Counts::new("campaign_titles"),
        }
    }
}

impl CampaignCache {
    /// The campaigns' counts, then the titles'.
    pub fn counts(&self) -> [&Counts; 2] {
        [&self.campaign_counts, &self.title_counts]
    }

    fn read<T>(&self, f: impl FnOnce(&Inner) -> T) -> T {
        match self.inner.read() {
            Ok(g) => f(&g),
            Err(p) => f(&p.into_inner()),
        }
    }

    fn write<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        match self.inner.write() {
            Ok(mut g) => f(&mut g),
            Err(p) => f(&mut p.into_inner()),
        }
    }

    /// Forgets everything older than `version`; returns the cache's version afterwards.
    fn advance(&self, version: i64) -> i64 {
        if self.read(|i| i.version >= version) {
            return self.read(|i| i.version);
        }
        self.write(|i| {
            if i.version < version {
                i.version = version;
                i.campaigns.clear();
                i.titles.clear();
            }
            i.version
        })
    }

    /// The campaign at least as new as `version` (the request's), loaded on a miss.
    pub async fn campaign(
        &self,
        db: &PgPool,
        version: i64,
        id: i64,
    ) -> Result<Option<Arc<CampaignRow>>, sqlx::Error> {
        let at = self.advance(version);
        if let Some(c) = self.read(|i| i.campaigns.get(&id).cloned()) {
            self.campaign_counts.hit();
            return Ok(Some(c));
        }
        self.campaign_counts.miss();
        let mut conn = db.acquire().await?;
        let Some(c) = super::campaigns::get(&mut conn, id).await? else {
            return Ok(None);
        };
        let c = Arc::new(c);
        // kept only if no newer change emptied the cache while it loaded (it could be older than that)
        self.write(|i| {
            if i.version == at {
                i.campaigns.insert(id, c.clone());
            }
        });
        Ok(Some(c))
    }

    /// The registrable titles of a rule set for individuals or collectives.
    pub async fn titles(
        &self,
        db: &PgPool,
        version: i64,
        rule_set_id: i64,
        subject: &str,
    ) -> Result<Arc<Vec<TitleRow>>, sqlx::Error> {
        let at = self.advance(version);
        let key = (rule_set_id, subject.to_string());
        if let Some(t) = self.read(|i| i.titles.get(&key).cloned()) {
            self.title_counts.hit();
            return Ok(t);
        }
        self.title_counts.miss();
        let t = Arc::new(super::campaigns::registrable_titles(db, rule_set_id, subject).await?);
        self.write(|i| {
            if i.version == at {
                i.titles.insert(key, t.clone());
            }
        });
        Ok(t)
    }
}
