//! Keys whose parts travel together in several modules, with named fields: a caller names each
//! part, so two ids (or an id and a year) cannot be swapped unseen.

/// A row's id and the version its writer read (0 where a save may create the row): the save
/// happens only if the row is still at that version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub id: i64,
    pub version: i32,
}

/// An issuing unit's year: the council it seats for that year, the award register it numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IssuerYear {
    pub issuer: i64,
    pub year: i32,
}

/// A council meeting and the campaign whose lines it decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeetingOf {
    pub meeting: i64,
    pub campaign: i64,
}

/// A page of a listing: at most `limit` rows from the `offset`-th.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

impl Page {
    /// Every row.
    pub const ALL: Page = Page {
        limit: i64::MAX,
        offset: 0,
    };
}
