//! Exemplars (gương điển hình tiên tiến): the statuses a nomination goes through, from the unit
//! head's nomination through the Office's curation to the Director's choice ([`ExemplarStatus`]:
//! the codes of the table's CHECK constraint).

/// A nomination's status (`exemplars.status`): nominated by its unit's head, shortlisted or
/// declined by the Office, chosen by the Director.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExemplarStatus {
    Nominated,
    Shortlisted,
    Declined,
    Chosen,
}

impl ExemplarStatus {
    /// In order.
    pub const ALL: [ExemplarStatus; 4] = [
        ExemplarStatus::Nominated,
        ExemplarStatus::Shortlisted,
        ExemplarStatus::Declined,
        ExemplarStatus::Chosen,
    ];
    /// What the Office may set when it curates.
    pub const CURATED: [ExemplarStatus; 2] =
        [ExemplarStatus::Shortlisted, ExemplarStatus::Declined];

    pub fn code(self) -> &'static str {
        match self {
            ExemplarStatus::Nominated => "nominated",
            ExemplarStatus::Shortlisted => "shortlisted",
            ExemplarStatus::Declined => "declined",
            ExemplarStatus::Chosen => "chosen",
        }
    }
    pub fn parse(code: &str) -> Option<ExemplarStatus> {
        ExemplarStatus::ALL.into_iter().find(|s| s.code() == code)
    }
    /// Still as nominated: the unit's head may change its story and photos.
    pub fn is_nominated(self) -> bool {
        self == ExemplarStatus::Nominated
    }
    /// Chosen by the Director: everyone sees it.
    pub fn is_chosen(self) -> bool {
        self == ExemplarStatus::Chosen
    }
    /// The Office may shortlist or decline it: not chosen yet.
    pub fn curatable(self) -> bool {
        self != ExemplarStatus::Chosen
    }
    /// The Director may choose it (or change the choice): shortlisted or chosen.
    pub fn decidable(self) -> bool {
        matches!(self, ExemplarStatus::Shortlisted | ExemplarStatus::Chosen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_their_codes() {
        for s in ExemplarStatus::ALL {
            assert_eq!(ExemplarStatus::parse(s.code()), Some(s));
        }
        assert_eq!(ExemplarStatus::parse("draft"), None);
        assert!(ExemplarStatus::CURATED.iter().all(|s| s.curatable()));
        assert!(!ExemplarStatus::Declined.decidable());
    }
}
