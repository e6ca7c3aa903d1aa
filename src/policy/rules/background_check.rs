//! background_check
//!
//! **What it checks:** the background-check status from the roster or a background-check
//! list: cleared is ok (unless its expiry date, or `background_check_valid_days` after its
//! date, is before as-of); pending → `background_check_pending` (review); expired →
//! `background_check_expired`; denied or restricted → `background_check_denied`; blank →
//! `missing_background_check`.
//! **Why:** Cal South's KIDSAFE program requires a cleared Live Scan for every coach.
//! **What the coach must do:** complete or renew the check with the league.

use chrono::{Days, NaiveDate};

use crate::findings::{Code, Finding};
use crate::policy::{human_date, CoachFacts, Outcome, Policy};
use crate::roster::BackgroundStatus;
use crate::verdict::RequirementStatus;

/// Evaluates the background-check requirement.
pub fn evaluate(policy: &Policy, coach: &CoachFacts<'_>, as_of: NaiveDate) -> Outcome {
    let check = coach.background;
    let raw = check.raw.clone().unwrap_or_default();
    let locate = |finding: Finding| -> Finding {
        let finding = finding.coach(coach.id);
        match (&check.source, coach.roster_file) {
            (Some(source), _) => finding.at(source.file.clone(), source.line),
            (None, Some(file)) => finding.file(file.to_string()),
            (None, None) => finding,
        }
    };
    let evidence: Vec<String> = check
        .source
        .as_ref()
        .map(|source| vec![source.file.clone()])
        .unwrap_or_default();
    let lapsed_on = check.expires_on.or_else(|| {
        (policy.background_check_valid_days > 0)
            .then(|| {
                check
                    .checked_on?
                    .checked_add_days(Days::new(u64::from(policy.background_check_valid_days)))
            })
            .flatten()
    });
    match policy_status(policy, check.raw.as_deref()).unwrap_or(check.status) {
        BackgroundStatus::Cleared => match lapsed_on {
            Some(until) if until < as_of => Outcome::with(
                RequirementStatus::Expired,
                evidence,
                format!("{raw}, expired {}", human_date(until)),
            )
            .finding(locate(Finding::new(
                Code::BackgroundCheckExpired,
                format!("Background check expired on {} (status \"{raw}\").", human_date(until)),
                "Renew your background check (Live Scan) through the league's registration system; the coordinator can tell you how.",
            ))),
            _ => Outcome::ok(evidence, format!("cleared ({raw})")),
        },
        BackgroundStatus::Pending => Outcome::with(
            RequirementStatus::Pending,
            evidence,
            format!("pending ({raw})"),
        )
        .finding(locate(Finding::new(
            Code::BackgroundCheckPending,
            format!("Background check is not cleared yet (status \"{raw}\")."),
            "Nothing to send yet: the background check is being processed. If it has been pending for more than two weeks, check the Live Scan was completed and contact the league's risk manager.",
        ))),
        BackgroundStatus::Expired => Outcome::with(
            RequirementStatus::Expired,
            evidence,
            format!("expired ({raw})"),
        )
        .finding(locate(Finding::new(
            Code::BackgroundCheckExpired,
            format!("Background check has expired (status \"{raw}\")."),
            "Renew your background check (Live Scan) through the league's registration system before coaching again.",
        ))),
        BackgroundStatus::Denied => Outcome::with(
            RequirementStatus::Denied,
            evidence,
            format!("not cleared to coach ({raw})"),
        )
        .finding(locate(Finding::new(
            Code::BackgroundCheckDenied,
            format!("Background check does not clear this person to coach (status \"{raw}\")."),
            "Cannot coach: the league's risk manager must contact this person privately about the background check result.",
        ))),
        BackgroundStatus::Missing => Outcome::with(
            RequirementStatus::Missing,
            evidence,
            "no background check on record",
        )
        .finding(locate(Finding::new(
            Code::MissingBackgroundCheck,
            "No background check on record.",
            "Complete the background check (Live Scan fingerprinting) required by Cal South through the league's registration system, then tell the coach coordinator.",
        ))),
    }
}

/// The status the league's own vocabulary (`background_cleared`, `background_pending`,
/// `background_denied`, `background_expired` in `[policy]`) gives a raw status, if any.
/// These words win over the built-in vocabularies.
pub fn policy_status(policy: &Policy, raw: Option<&str>) -> Option<BackgroundStatus> {
    let raw = raw?.trim();
    let listed = |words: &[String]| {
        words
            .iter()
            .any(|word| word.trim().eq_ignore_ascii_case(raw))
    };
    if listed(&policy.background_denied) {
        Some(BackgroundStatus::Denied)
    } else if listed(&policy.background_expired) {
        Some(BackgroundStatus::Expired)
    } else if listed(&policy.background_pending) {
        Some(BackgroundStatus::Pending)
    } else if listed(&policy.background_cleared) {
        Some(BackgroundStatus::Cleared)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leagues_own_words_override_the_built_in_vocabularies() {
        let policy = Policy {
            background_cleared: vec!["Live Scan OK".into()],
            background_denied: vec!["Orange".into()],
            ..Policy::default()
        };
        assert_eq!(
            policy_status(&policy, Some("live scan ok")),
            Some(BackgroundStatus::Cleared)
        );
        assert_eq!(
            policy_status(&policy, Some(" ORANGE ")),
            Some(BackgroundStatus::Denied)
        );
        assert_eq!(policy_status(&policy, Some("Green")), None);
        assert_eq!(policy_status(&Policy::default(), Some("Orange")), None);
    }
}
