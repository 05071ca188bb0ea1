//! The council's vote on a line, computed from the regime's rule, never typed: the share of votes in
//! favour a line needs (over all the council's members or those present, "more than" or "at least"),
//! and the quorum of a meeting. Shares are in hundredths of a per cent (9000 = 90 %), so that the
//! arithmetic is exact. And the statuses a meeting goes through ([`MeetingStatus`]).

/// A meeting's status (`council_meetings.status`): drafted (agenda, members, ballot papers),
/// open (the vote is on), closed (results computed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingStatus {
    Draft,
    Open,
    Closed,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 3] = [
        MeetingStatus::Draft,
        MeetingStatus::Open,
        MeetingStatus::Closed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            MeetingStatus::Draft => "draft",
            MeetingStatus::Open => "open",
            MeetingStatus::Closed => "closed",
        }
    }
    pub fn parse(code: &str) -> Option<MeetingStatus> {
        MeetingStatus::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn is_draft(self) -> bool {
        self == MeetingStatus::Draft
    }
    pub fn is_open(self) -> bool {
        self == MeetingStatus::Open
    }
    pub fn is_closed(self) -> bool {
        self == MeetingStatus::Closed
    }
}

/// A member's choice on a line: in favour, against, abstaining (a blank ballot).
pub const CHOICES: [&str; 3] = ["for", "against", "abstain"];

/// The alphabet of receipts: no 0/O or 1/I to misread.
const RECEIPT_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// The characters of a verification code: 60 bits, so that at the public check's global budget
/// (`VERIFY_GLOBAL_PER_MINUTE`, 600 a minute) a year of guessing against a hundred thousand awards
/// finds one with a chance of about 3 in 100,000 (README, Security).
pub const CODE_LEN: usize = 12;

/// `n` fresh verification codes for the award registry: `CODE_LEN` letters and digits that cannot
/// be misread (5 bits each).
pub fn verification_codes(n: usize) -> Result<Vec<String>, getrandom::Error> {
    (0..n)
        .map(|_| {
            let mut rnd = [0u8; 13];
            getrandom::fill(&mut rnd)?;
            Ok(receipt_code(&rnd).replace('-', "")[..CODE_LEN].to_string())
        })
        .collect()
}

/// A fresh receipt for a voter's secret ballots, from the system's random generator.
pub fn new_receipt() -> Result<String, getrandom::Error> {
    let mut rnd = [0u8; 13];
    getrandom::fill(&mut rnd)?;
    Ok(receipt_code(&rnd))
}

/// A random number from the system's generator: which empty slot of a ballot box a ballot goes
/// in (never an order that follows the voting).
pub fn slot_pick() -> Result<u64, getrandom::Error> {
    let mut rnd = [0u8; 8];
    getrandom::fill(&mut rnd)?;
    Ok(u64::from_le_bytes(rnd))
}

/// A receipt for secret ballots from 13 random bytes: 20 letters and digits (100 bits) in groups
/// of four, as the voter copies it.
pub fn receipt_code(random: &[u8; 13]) -> String {
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(*b);
    }
    let chars: Vec<char> = (0..20)
        .map(|i| char::from(RECEIPT_ALPHABET[((bits >> (5 * i)) & 31) as usize]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A receipt as typed, in its canonical form (upper case, groups of four), or `None` when it
/// cannot be one.
pub fn normalize_receipt(typed: &str) -> Option<String> {
    let plain: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = plain.len() == 20 && plain.bytes().all(|b| RECEIPT_ALPHABET.contains(&b));
    ok.then(|| {
        plain
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    })
}

/// What the server keeps of a receipt for a ballot on line `line` of meeting `meeting`: a hash
/// that the receipt finds again and that names neither the voter nor the other lines.
pub fn receipt_hash(receipt: &str, meeting: i64, line: i64) -> String {
    crate::domain::digest::sha256_hex(
        format!("thidua-ballot:{meeting}:{line}:{receipt}").as_bytes(),
    )
}

/// How the council votes on a title (the regime's data).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoteRule {
    /// "hands" or "secret"
    pub ballot: String,
    pub share: u32,
    /// "members" (all the council's members) or "present"
    pub base: String,
    /// more than the share (true) or at least the share (false)
    pub strict: bool,
}

/// Whether `count` of `of` reaches `share` (hundredths of a per cent), more than or at least.
fn reaches(count: u32, of: u32, share: u32, strict: bool) -> bool {
    let (got, want) = (u64::from(count) * 10_000, u64::from(share) * u64::from(of));
    if strict { got > want } else { got >= want }
}

/// The fewest of `of` that reach `share`.
pub fn needed(of: u32, share: u32, strict: bool) -> u32 {
    (0..=of)
        .find(|&n| reaches(n, of, share, strict))
        .unwrap_or(of + 1)
}

impl VoteRule {
    /// The count the share is taken of: the council's members or those present.
    pub fn base_of(&self, members: u32, present: u32) -> u32 {
        if self.base == "members" {
            members
        } else {
            present
        }
    }
    /// Whether `yes` votes in favour pass a line, with `members` in the council and `present` at the
    /// meeting (absent members who voted in writing count as present).
    pub fn passes(&self, yes: u32, members: u32, present: u32) -> bool {
        let of = self.base_of(members, present);
        of > 0 && reaches(yes, of, self.share, self.strict)
    }
    /// The fewest votes in favour that pass a line.
    pub fn needed(&self, members: u32, present: u32) -> u32 {
        needed(self.base_of(members, present), self.share, self.strict)
    }
}

/// Who may vote on line `line` of a meeting with `members` (user, present): those not recused
/// (`recused`: line, user), and how many of them count as present (present, or absent with a
/// written vote on the line; `written`: line, user).
pub fn voters(
    members: &[(i64, bool)],
    recused: &[(i64, i64)],
    written: &[(i64, i64)],
    line: i64,
) -> (u32, u32) {
    let eligible: Vec<&(i64, bool)> = members
        .iter()
        .filter(|(u, _)| !recused.contains(&(line, *u)))
        .collect();
    let present = eligible
        .iter()
        .filter(|(u, here)| *here || written.contains(&(line, *u)))
        .count();
    (eligible.len() as u32, present as u32)
}

/// A line and a member: who is recused from a line, who voted on it in writing.
pub type LineUser = (i64, i64);

/// A line's result, computed.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub line: i64,
    /// in favour, against, abstaining
    pub votes: [u32; 3],
    /// the members the share was counted over, and the votes in favour it needed
    pub counted_over: u32,
    pub needed: u32,
    pub passed: bool,
}

/// Each line's result from its rule, the meeting's members, recusals, written votes and the count
/// per line and choice (`tally`: line, choice, votes).
pub fn outcomes(
    lines: &[(i64, VoteRule)],
    members: &[(i64, bool)],
    (recused, written): (&[LineUser], &[LineUser]),
    tally: &[(i64, String, i64)],
) -> Vec<Outcome> {
    lines
        .iter()
        .map(|(line, rule)| {
            let count = |choice: &str| {
                tally
                    .iter()
                    .filter(|t| t.0 == *line && t.1 == choice)
                    .map(|t| u32::try_from(t.2).unwrap_or(0))
                    .sum::<u32>()
            };
            let votes = [count("for"), count("against"), count("abstain")];
            let (eligible, present) = voters(members, recused, written, *line);
            Outcome {
                line: *line,
                votes,
                counted_over: rule.base_of(eligible, present),
                needed: rule.needed(eligible, present),
                passed: rule.passes(votes[0], eligible, present),
            }
        })
        .collect()
}

/// Whether a meeting with `present` of `members` has its quorum.
pub fn quorate(present: u32, members: u32, quorum: u32, strict: bool) -> bool {
    members > 0 && reaches(present, members, quorum, strict)
}

/// A share as people read it: "90", "66,67" (Vietnamese decimal comma).
pub fn share_text(share: u32) -> String {
    if share % 100 == 0 {
        (share / 100).to_string()
    } else {
        format!("{},{:02}", share / 100, share % 100)
    }
}

/// A share as typed ("90", "66,67", "66.67", with or without "%"), in hundredths of a per cent:
/// more than 0 and at most 100, two decimals at most.
pub fn parse_share(s: &str) -> Result<u32, &'static str> {
    let t = s.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((t.as_str(), ""));
    let ok = !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && frac.len() <= 2
        && frac.chars().all(|c| c.is_ascii_digit());
    let value = whole
        .parse::<u32>()
        .ok()
        .filter(|_| ok)
        .and_then(|w| w.checked_mul(100))
        .map(|w| w + format!("{frac:0<2}").parse::<u32>().unwrap_or(0));
    match value {
        Some(v) if (1..=10_000).contains(&v) => Ok(v),
        _ => Err("council.err_share"),
    }
}

/// How many votes members present have yet to cast on `lines`: a line and a member present
/// (`members`: user, present) not recused from it (`recused`: line, user) without a vote or
/// ballot (`cast`: line, user).
pub fn missing_votes(
    lines: &[i64],
    members: &[(i64, bool)],
    recused: &[(i64, i64)],
    cast: &[(i64, i64)],
) -> usize {
    lines
        .iter()
        .flat_map(|l| members.iter().map(move |m| (*l, *m)))
        .filter(|(l, (u, here))| *here && !recused.contains(&(*l, *u)) && !cast.contains(&(*l, *u)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_statuses_read_back_their_codes() {
        for s in MeetingStatus::ALL {
            assert_eq!(MeetingStatus::parse(s.code()), Some(s));
        }
        assert_eq!(MeetingStatus::parse("advance"), None);
    }

    fn rule(share: u32, base: &str, strict: bool) -> VoteRule {
        VoteRule {
            ballot: "secret".into(),
            share,
            base: base.into(),
            strict,
        }
    }

    #[test]
    fn ninety_per_cent_of_all_members_counts_the_absent() {
        // ND 91/2017 Art. 45: at least 90 % of all members, for Chiến sĩ thi đua cấp tỉnh
        let r = rule(9000, "members", false);
        assert_eq!(r.needed(11, 8), 10, "9.9 rounds up");
        assert!(!r.passes(9, 11, 11));
        assert!(r.passes(10, 11, 9), "absent members' written votes count");
        assert_eq!(r.needed(10, 10), 9, "exactly 90 % is enough");
        assert!(r.passes(9, 10, 10));
    }

    #[test]
    fn more_than_half_of_those_present() {
        let r = rule(5000, "present", true);
        assert_eq!(r.needed(15, 9), 5);
        assert_eq!(r.needed(15, 10), 6, "exactly half is not more than half");
        assert!(!r.passes(5, 15, 10));
        assert!(r.passes(6, 15, 10));
        assert!(!r.passes(0, 15, 0), "nobody present passes nothing");
    }

    #[test]
    fn each_line_counts_its_own_voters() {
        // four members, the fourth absent; the first recused from line 2; the fourth wrote on line 1
        let members = [(1, true), (2, true), (3, true), (4, false)];
        let recused = [(2, 1)];
        let written = [(1, 4)];
        assert_eq!(voters(&members, &recused, &written, 1), (4, 4));
        assert_eq!(voters(&members, &recused, &written, 2), (3, 2));
        let tally = vec![
            (1, "for".to_string(), 3),
            (1, "against".to_string(), 1),
            (2, "for".to_string(), 1),
            (2, "abstain".to_string(), 1),
        ];
        let lines = [
            (1, rule(9000, "members", false)),
            (2, rule(5000, "present", true)),
        ];
        let got = outcomes(&lines, &members, (&recused, &written), &tally);
        assert_eq!(
            got[0],
            Outcome {
                line: 1,
                votes: [3, 1, 0],
                counted_over: 4,
                needed: 4,
                passed: false
            }
        );
        assert_eq!(
            got[1],
            Outcome {
                line: 2,
                votes: [1, 0, 1],
                counted_over: 2,
                needed: 2,
                passed: false
            }
        );
    }

    #[test]
    fn receipts_read_back_as_typed() {
        let code = receipt_code(&[7u8; 13]);
        assert_eq!(code.len(), 24);
        assert_eq!(
            normalize_receipt(&code.to_lowercase().replace('-', " ")),
            Some(code.clone())
        );
        assert_eq!(normalize_receipt("ABCD-EFGH"), None);
        assert_eq!(
            normalize_receipt("0000-0000-0000-0000-0000"),
            None,
            "no zeros"
        );
        assert_ne!(receipt_code(&[8u8; 13]), code);
        assert_ne!(receipt_hash(&code, 1, 2), receipt_hash(&code, 1, 3));
    }

    #[test]
    fn quorum_and_shares_read_back() {
        assert!(quorate(8, 15, 5000, true));
        assert!(!quorate(7, 15, 5000, true));
        assert!(!quorate(0, 0, 5000, true));
        assert_eq!(share_text(9000), "90");
        assert_eq!(share_text(6667), "66,67");
        assert_eq!(
            needed(3, 6667, false),
            3,
            "two of three is 66.66 %, short of 66.67 %"
        );
    }

    #[test]
    fn the_votes_missing_are_those_of_members_present_not_recused() {
        let members = [(1, true), (2, true), (3, false)];
        // line 10: 1 voted, 2 recused, 3 absent; line 11: nobody voted
        assert_eq!(missing_votes(&[10], &members, &[(10, 2)], &[(10, 1)]), 0);
        assert_eq!(
            missing_votes(&[10, 11], &members, &[(10, 2)], &[(10, 1)]),
            2
        );
        assert_eq!(missing_votes(&[], &members, &[], &[]), 0);
    }
}
