//! The progress form's saves, written together: when many staff report at once (the mid-year
//! review), the saves waiting at a moment go to PostgreSQL as one statement and one commit instead
//! of one each. A few writers take turns at the queue; each takes what is waiting (up to [`MAX`]),
//! so a save alone is written at once and a crowd in batches, with no timer. Each save keeps what
//! it had alone: its change and its audit entry commit in the same transaction, and its answer (how
//! many commitments changed) is its own. Two saves of one person never share a batch (one `UPDATE`
//! cannot change a row twice): the second waits for the writer's next. A batch that fails is written
//! again save by save, so that one save's fault is not another's.

use super::audit::Actor;
use super::registrations::save_progress_audited;
use sqlx::PgPool;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

/// The most saves in one statement.
pub const MAX: usize = 64;

/// One person's progress form, as the handler read it.
pub struct ProgressSave {
    pub actor: Actor,
    pub campaign_id: i64,
    pub person_id: i64,
    /// (position, percent, note)
    pub rows: Vec<(i32, Option<i32>, String)>,
    pub summary: String,
}

struct Job {
    save: ProgressSave,
    reply: oneshot::Sender<Result<i64, sqlx::Error>>,
}

/// The queue and its writers (they end when the last handle is dropped).
pub struct ProgressWriter {
    tx: mpsc::Sender<Job>,
}

impl ProgressWriter {
    /// Starts `writers` writers on `db`; `statuses` are the registration statuses progress may be
    /// reported on.
    pub fn start(db: PgPool, writers: usize, statuses: Vec<String>) -> ProgressWriter {
        let (tx, rx) = mpsc::channel::<Job>(4 * MAX);
        let rx = Arc::new(Mutex::new(rx));
        let statuses = Arc::new(statuses);
        for _ in 0..writers.max(1) {
            let (db, rx, statuses) = (db.clone(), rx.clone(), statuses.clone());
            tokio::spawn(async move { write_loop(db, rx, statuses).await });
        }
        ProgressWriter { tx }
    }

    /// Saves one person's progress (with its audit entry) and returns how many commitments
    /// changed (0: no registration sent in the campaign, or nothing new).
    pub async fn save(&self, save: ProgressSave) -> Result<i64, sqlx::Error> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job { save, reply })
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

async fn write_loop(db: PgPool, rx: Arc<Mutex<mpsc::Receiver<Job>>>, statuses: Arc<Vec<String>>) {
    let mut carried: Vec<Job> = Vec::new();
    loop {
        let mut waiting = std::mem::take(&mut carried);
        if waiting.is_empty() {
            // the queue's turn: wait for a save, then take what else is waiting
            let mut rx = rx.lock().await;
            match rx.recv().await {
                Some(j) => waiting.push(j),
                None => return,
            }
            drain(&mut rx, &mut waiting);
        } else if let Ok(mut rx) = rx.try_lock() {
            // saves carried from the last batch are written now, with what is waiting if the
            // queue is free (another writer may be holding it while it waits: never wait for it
            // with saves in hand)
            drain(&mut rx, &mut waiting);
        }
        let mut batch: Vec<Job> = Vec::with_capacity(waiting.len());
        for j in waiting {
            let twice = batch.iter().any(|b| {
                (b.save.campaign_id, b.save.person_id) == (j.save.campaign_id, j.save.person_id)
            });
            if twice {
                carried.push(j);
            } else {
                batch.push(j);
            }
        }
        write(&db, &statuses, batch).await;
    }
}

/// Takes the saves waiting in the queue, up to [`MAX`] in all.
fn drain(rx: &mut mpsc::Receiver<Job>, waiting: &mut Vec<Job>) {
    while waiting.len() < MAX {
        match rx.try_recv() {
            Ok(j) => waiting.push(j),
            Err(_) => break,
        }
    }
}

/// Writes a batch and answers each save.
async fn write(db: &PgPool, statuses: &[String], batch: Vec<Job>) {
    if batch.len() > 1 {
        let saves: Vec<&ProgressSave> = batch.iter().map(|j| &j.save).collect();
        match save_many(db, statuses, &saves).await {
            Ok(changed) => {
                for (j, n) in batch.into_iter().zip(changed) {
                    let _ = j.reply.send(Ok(n));
                }
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, saves = saves.len(), "a batch of progress saves failed; writing them one by one")
            }
        }
    }
    // alone, or the batch failed: each on its own
    let statuses: Vec<&str> = statuses.iter().map(String::as_str).collect();
    for j in batch {
        let s = &j.save;
        let r = save_progress_audited(
            db,
            &s.actor,
            s.campaign_id,
            s.person_id,
            &statuses,
            &s.rows,
            &s.summary,
        )
        .await;
        let _ = j.reply.send(r);
    }
}

/// The audit entry's `after` of a save.
pub fn after_json(rows: &[(i32, Option<i32>, String)]) -> serde_json::Value {
    serde_json::Value::Array(
        rows.iter()
            .map(|r| serde_json::json!({"position": r.0, "progress": r.1, "note": r.2}))
            .collect(),
    )
}

/// Several people's saves in one statement (no two of one person): per save, how many
/// commitments changed. The commitments are locked in the order of their keys before any is
/// changed, so that two batches sharing people wait for each other instead of deadlocking.
async fn save_many(
    db: &PgPool,
    statuses: &[String],
    saves: &[&ProgressSave],
) -> Result<Vec<i64>, sqlx::Error> {
    let (mut job, mut pos, mut progress, mut note) = (vec![], vec![], vec![], vec![]);
    for (i, s) in saves.iter().enumerate() {
        for r in &s.rows {
            job.push(i as i32);
            pos.push(r.0);
            progress.push(r.1);
            note.push(r.2.clone());
        }
    }
    let idx: Vec<i32> = (0..saves.len() as i32).collect();
    let campaign: Vec<i64> = saves.iter().map(|s| s.campaign_id).collect();
    let person: Vec<i64> = saves.iter().map(|s| s.person_id).collect();
    let user: Vec<Option<i64>> = saves.iter().map(|s| s.actor.user_id).collect();
    let username: Vec<String> = saves.iter().map(|s| s.actor.username.clone()).collect();
    let ip: Vec<Option<String>> = saves.iter().map(|s| s.actor.ip.clone()).collect();
    let summary: Vec<String> = saves.iter().map(|s| s.summary.clone()).collect();
    let after: Vec<String> = saves
        .iter()
        .map(|s| after_json(&s.rows).to_string())
        .collect();
    let rows = sqlx::query!(
        r#"WITH save AS (
             SELECT * FROM UNNEST($1::int4[], $2::int8[], $3::int8[], $4::int8[], $5::text[],
                                  $6::text[], $7::text[], $8::text[])
                    AS s(job, campaign_id, person_id, user_id, username, ip, summary, after)),
           reg AS (
             SELECT s.job, r.id, u.path FROM save s
               JOIN registrations r ON r.campaign_id = s.campaign_id AND r.person_id = s.person_id
                AND r.status = ANY($9::text[])
               LEFT JOIN units u ON u.id = r.unit_id),
           locked AS (
             SELECT c.registration_id FROM registration_commitments c JOIN reg ON reg.id = c.registration_id
              ORDER BY c.registration_id, c.position FOR UPDATE OF c),
           upd AS (
             UPDATE registration_commitments c SET progress = t.progress, progress_note = t.note,
                    progress_at = now()
               FROM reg, UNNEST($10::int4[], $11::int4[], $12::int4[], $13::text[])
                         AS t(job, pos, progress, note), (SELECT count(*) FROM locked) AS l(n)
              WHERE t.job = reg.job AND c.registration_id = reg.id AND c.position = t.pos
                AND (c.progress IS DISTINCT FROM t.progress OR c.progress_note <> t.note)
             RETURNING reg.job),
           changed AS (SELECT job, count(*) AS n FROM upd GROUP BY job),
           entry AS (
             INSERT INTO audit_log (actor_user_id, actor_username, action, entity, entity_id, summary, after, ip, unit_path)
             SELECT s.user_id, s.username, 'progress', 'registration', reg.id::text, s.summary,
                    s.after::jsonb, s.ip, reg.path
               FROM save s JOIN reg ON reg.job = s.job JOIN changed ch ON ch.job = s.job
             RETURNING 1)
           SELECT s.job AS "job!", coalesce(ch.n, 0) + 0 * (SELECT count(*) FROM entry) AS "changed!"
             FROM save s LEFT JOIN changed ch ON ch.job = s.job
            ORDER BY s.job"#,
        &idx,
        &campaign,
        &person,
        &user as &[Option<i64>],
        &username,
        &ip as &[Option<String>],
        &summary,
        &after,
        statuses,
        &job,
        &pos,
        &progress as &[Option<i32>],
        &note
    )
    .fetch_all(db)
    .await?;
    let mut out = vec![0; saves.len()];
    for r in rows {
        if let Some(o) = out.get_mut(r.job as usize) {
            *o = r.changed;
        }
    }
    Ok(out)
}
