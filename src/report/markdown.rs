//! report::markdown: renders `summary.md`, the short plain-text summary that is also the
//! email's text part. Pure: no I/O. It reads as plain text without a Markdown renderer:
//! headline numbers, who cannot coach yet and what each must do, what to review, what
//! changed, and where the full report is. Every value is flattened to one line, so a
//! name with line breaks cannot forge extra entries.

use std::fmt::Write as _;
use std::path::Path;

use super::{code_title, one_line, Index, Report};
use crate::findings::Severity;

/// At most this many review items are listed; the rest are counted.
const REVIEW_LIMIT: usize = 25;
/// At most this many changes are listed; the rest are counted.
const CHANGES_LIMIT: usize = 25;

/// `summary.md`, pointing readers at `reports/latest/report.html`.
pub fn render(report: &Report) -> String {
    render_for_folder(report, None)
}

/// `summary.md`, pointing readers at the report folder `folder` when given.
pub fn render_for_folder(report: &Report, folder: Option<&Path>) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_summary(&mut out, report, folder);
    out
}

fn write_summary(out: &mut String, report: &Report, folder: Option<&Path>) -> std::fmt::Result {
    let summary = &report.summary;
    let index = Index::new(report);
    let as_of = report.as_of.format("%A, %B %-d, %Y");
    let season = one_line(&report.season);
    if season.is_empty() {
        writeln!(out, "# Coach compliance, as of {as_of}")?;
    } else {
        writeln!(out, "# Coach compliance — season {season}, as of {as_of}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} coaches: {} cleared to coach, {} cannot coach yet, {} to review.",
        summary.coaches, summary.compliant, summary.action_needed, summary.needs_review
    )?;
    for upcoming in &summary.upcoming {
        writeln!(out)?;
        writeln!(out, "{}", one_line(&upcoming.sentence()))?;
    }

    let blocked = report.cannot_coach();
    writeln!(out)?;
    writeln!(out, "## Cannot coach yet ({})", blocked.len())?;
    writeln!(out)?;
    if blocked.is_empty() {
        writeln!(
            out,
            "Nobody: every coach on the roster is cleared or only needs a review."
        )?;
    }
    for coach in blocked {
        let teams = coach
            .teams
            .iter()
            .map(|team| one_line(&team.team))
            .collect::<Vec<_>>()
            .join(", ");
        let missing = coach
            .blocking()
            .iter()
            .map(|(title, status)| format!("{title} {}", status.label()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut line = format!("- {}", one_line(&coach.name));
        for part in [teams, missing] {
            if !part.is_empty() {
                line.push_str(" — ");
                line.push_str(&part);
            }
        }
        writeln!(out, "{line}")?;
        for action in index.actions(&coach.id) {
            writeln!(out, "    * {}", one_line(&action))?;
        }
    }

    let mut review: Vec<_> = report
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Review)
        .collect();
    // The same order as the HTML review queue: by code, then file, coach and line.
    review.sort_by(|a, b| {
        (a.code, &a.file, &a.coach_id, a.line).cmp(&(b.code, &b.file, &b.coach_id, b.line))
    });
    writeln!(out)?;
    let items = if review.len() == 1 { "item" } else { "items" };
    writeln!(out, "## To review ({} {items})", review.len())?;
    writeln!(out)?;
    if review.is_empty() {
        writeln!(out, "Nothing to review.")?;
    }
    for finding in review.iter().take(REVIEW_LIMIT) {
        let mut line = format!("- {}", code_title(finding.code));
        if let Some(coach) = finding.coach_id.as_deref().and_then(|id| index.coach(id)) {
            let _ = write!(line, " — {}", one_line(&coach.name));
        }
        if let Some(file) = &finding.file {
            let _ = write!(line, " — {}", one_line(file));
            if let Some(number) = finding.line {
                let _ = write!(line, " line {number}");
            }
        }
        writeln!(out, "{line}")?;
        writeln!(out, "    {}", one_line(&finding.message))?;
    }
    if review.len() > REVIEW_LIMIT {
        writeln!(
            out,
            "- … and {} more (see findings.csv)",
            review.len() - REVIEW_LIMIT
        )?;
    }

    writeln!(out)?;
    writeln!(
        out,
        "## Changes since the last run ({})",
        report.changes.len()
    )?;
    writeln!(out)?;
    if report.changes.is_empty() {
        writeln!(out, "None.")?;
    }
    for change in report.changes.iter().take(CHANGES_LIMIT) {
        writeln!(out, "- {}", one_line(&change.message))?;
    }
    if report.changes.len() > CHANGES_LIMIT {
        writeln!(out, "- … and {} more", report.changes.len() - CHANGES_LIMIT)?;
    }

    writeln!(out)?;
    let html = match folder {
        Some(folder) => one_line(&folder.join("report.html").display().to_string()),
        None => "reports/latest/report.html".to_string(),
    };
    writeln!(
        out,
        "Full report: {html} (coaches.csv and findings.csv are beside it)."
    )?;
    writeln!(
        out,
        "To settle a review item, paste its line from findings.csv (column \"decision\") into decisions.csv."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{sample, HOSTILE_HTML};
    use crate::report::CoachStatus;

    fn position(haystack: &str, needle: &str) -> usize {
        haystack
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in:\n{haystack}"))
    }

    #[test]
    fn lists_the_coach_who_cannot_coach_first_with_actions() {
        let text = render(&sample());
        assert!(text.contains("3 coaches: 1 cleared to coach, 1 cannot coach yet, 1 to review."));
        let blocked = position(&text, "## Cannot coach yet (1)");
        let coach = position(
            &text,
            &format!(
                "- {HOSTILE_HTML} — U8 Sharks, U10 Coyotes — Concussion missing, SafeSport expired"
            ),
        );
        let review = position(&text, "## To review (3 items)");
        assert!(blocked < coach && coach < review);
        assert!(position(&text, "    * Take a SafeSport Refresher") > coach);
        assert!(position(&text, "- Ambiguous match — =HYPERLINK") > review);
        assert!(text.contains("- José Muñoz-Ñúñez is now cleared to coach"));
        assert!(text.contains("Full report: reports/latest/report.html"));
        assert!(
            !text.contains("José Muñoz-Ñúñez —"),
            "compliant coach listed:\n{text}"
        );
    }

    #[test]
    fn blocked_coaches_come_in_team_order() {
        let mut report = sample();
        report.coaches[0].status = CoachStatus::ActionNeeded;
        let text = render(&report);
        // The hostile coach's first team is U8, before José's U10.
        assert!(position(&text, &format!("- {HOSTILE_HTML}")) < position(&text, "- José"));
    }

    #[test]
    fn a_name_cannot_forge_lines() {
        let mut report = sample();
        report.coaches[1].name = "Ann\n## Cannot coach yet (0)\n- nobody".into();
        let text = render(&report);
        let headings = text
            .lines()
            .filter(|line| line.starts_with("## Cannot coach yet"))
            .count();
        assert_eq!(headings, 1, "{text}");
        assert!(!text.lines().any(|line| line == "- nobody"), "{text}");
    }

    #[test]
    fn names_the_report_folder_when_given() {
        let text = render_for_folder(&sample(), Some(Path::new("reports/2026-08-15T101530")));
        assert!(text.contains("Full report: reports/2026-08-15T101530/report.html"));
    }
}
