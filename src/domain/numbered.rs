//! Numbered documents (issue 29, 4): the Department's award decisions (quyết định) and its
//! submissions upward (tờ trình) are one idea, a draft that takes the next number of its issuer's
//! register for the year when it is signed. What they share, written once: who signs and the
//! signature block that prints ([`Signer`]), the register each kind numbers in ([`Kind`]), the
//! statuses each goes through ([`DecisionStatus`], [`SubmissionStatus`], and a submission's
//! dossier pack [`PackStatus`]: the codes of the tables' CHECK constraints) and the number as documents print it ([`number_text`]).

/// Who signs a numbered document of a unit: its Director, or a deputy signing for the Director
/// ("KT.": see [`Signer::block`], the one place the block is spelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signer {
    Director,
    Deputy,
}

impl Signer {
    /// The signer as stored (`signer_deputy`).
    pub fn from_deputy(deputy: bool) -> Signer {
        if deputy {
            Signer::Deputy
        } else {
            Signer::Director
        }
    }

    /// Whether a deputy signs (`signer_deputy` as stored).
    pub fn is_deputy(self) -> bool {
        self == Signer::Deputy
    }

    /// The lines of the signature block above the name: the Director's title, or for a deputy
    /// "KT." (ký thay) the Director's title and then the deputy's.
    pub fn block(self) -> &'static [&'static str] {
        match self {
            Signer::Director => &["GIÁM ĐỐC"],
            Signer::Deputy => &["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        }
    }

    /// The block's lines as a document's fields hold them.
    pub fn lines(self) -> Vec<String> {
        self.block().iter().map(|l| l.to_string()).collect()
    }

    /// The block on one line, as a page shows it (the lines joined by ", ").
    pub fn text(self) -> String {
        self.block().join(", ")
    }
}

/// The register a numbered document takes its number from (`document_register.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Decision,
    Submission,
}

impl Kind {
    /// The code stored in the register and named in the audit log ("decision", "submission").
    pub fn code(self) -> &'static str {
        match self {
            Kind::Decision => "decision",
            Kind::Submission => "submission",
        }
    }
}

/// A decision's status (`decisions.status`): drafted, approved (numbered), issued (signed copy on
/// file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionStatus {
    Draft,
    Approved,
    Issued,
}

impl DecisionStatus {
    pub fn parse(code: &str) -> Option<DecisionStatus> {
        match code {
            "draft" => Some(DecisionStatus::Draft),
            "approved" => Some(DecisionStatus::Approved),
            "issued" => Some(DecisionStatus::Issued),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            DecisionStatus::Draft => "draft",
            DecisionStatus::Approved => "approved",
            DecisionStatus::Issued => "issued",
        }
    }
}

/// A submission's status (`submissions.status`): drafted, sent (numbered).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubmissionStatus {
    Draft,
    Sent,
}

impl SubmissionStatus {
    pub fn parse(code: &str) -> Option<SubmissionStatus> {
        match code {
            "draft" => Some(SubmissionStatus::Draft),
            "sent" => Some(SubmissionStatus::Sent),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Sent => "sent",
        }
    }
}

/// Where a submission's dossier pack is (`submissions.pack_status`): none asked for, building
/// in the background, ready, or failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackStatus {
    None,
    Building,
    Ready,
    Failed,
}

impl PackStatus {
    pub const ALL: [PackStatus; 4] = [
        PackStatus::None,
        PackStatus::Building,
        PackStatus::Ready,
        PackStatus::Failed,
    ];
    pub fn parse(code: &str) -> Option<PackStatus> {
        PackStatus::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn code(self) -> &'static str {
        match self {
            PackStatus::None => "none",
            PackStatus::Building => "building",
            PackStatus::Ready => "ready",
            PackStatus::Failed => "failed",
        }
    }
    pub fn is_building(self) -> bool {
        self == PackStatus::Building
    }
    pub fn is_failed(self) -> bool {
        self == PackStatus::Failed
    }
}

/// "05/QĐ-STNMT" (two digits at least), or "     /QĐ-STNMT" (room to write the number by hand)
/// before the document has one.
pub fn number_text(number: Option<i32>, doc_code: &str) -> String {
    match number {
        Some(n) => format!("{n:02}/{doc_code}"),
        None => format!("     /{doc_code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_block_of_each_signer() {
        assert_eq!(Signer::Director.block(), ["GIÁM ĐỐC"]);
        assert_eq!(Signer::Deputy.block(), ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]);
        assert_eq!(Signer::Deputy.text(), "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC");
        assert_eq!(Signer::Director.text(), "GIÁM ĐỐC");
        assert_eq!(Signer::Director.lines(), vec!["GIÁM ĐỐC".to_string()]);
        assert_eq!(Signer::from_deputy(true), Signer::Deputy);
        assert!(!Signer::from_deputy(false).is_deputy());
    }

    #[test]
    fn statuses_read_back_their_codes() {
        for s in [
            DecisionStatus::Draft,
            DecisionStatus::Approved,
            DecisionStatus::Issued,
        ] {
            assert_eq!(DecisionStatus::parse(s.code()), Some(s));
        }
        for s in [SubmissionStatus::Draft, SubmissionStatus::Sent] {
            assert_eq!(SubmissionStatus::parse(s.code()), Some(s));
        }
        assert_eq!(DecisionStatus::parse("sent"), None);
        assert_eq!(SubmissionStatus::parse("issued"), None);
        for s in PackStatus::ALL {
            assert_eq!(PackStatus::parse(s.code()), Some(s));
        }
        assert_eq!(Kind::Decision.code(), "decision");
        assert_eq!(Kind::Submission.code(), "submission");
    }

    #[test]
    fn the_number_as_documents_print_it() {
        assert_eq!(number_text(Some(5), "QĐ-STNMT"), "05/QĐ-STNMT");
        assert_eq!(number_text(Some(123), "TTr-STNMT"), "123/TTr-STNMT");
        assert_eq!(number_text(None, "QĐ-STNMT"), "     /QĐ-STNMT");
    }
}
