//! report::digest: the HTML body of the director's email — a digest of the report that
//! stays under [`MAX_BYTES`] at any league size (Gmail clips HTML bodies past about
//! 102 KB and hides the rest behind "[Message clipped]"). The full `report.html` travels
//! as an attachment. Pure: no I/O.
//!
//! It holds the headline numbers, a bar chart by division (table cells, not SVG: Gmail and
//! Outlook drop inline SVG), who cannot coach yet and why, what changed since the last run
//! and the review count. Long lists are cut to what fits, with "… and N more in the
//! attached report"; every name and team is shortened to a bounded length first, so no
//! roster, however hostile, can push it past the limit. Styles are inline (the form every
//! common client keeps); the template's name ends in `.html`, so minijinja escapes every
//! value.

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::{natural_cmp, one_line, CoachStatus, Report};
use crate::findings::Severity;

/// The template (auto-escaped).
const TEMPLATE: &str = include_str!("templates/digest.html");
/// The most bytes the digest may take.
pub const MAX_BYTES: usize = 100_000;
/// Coaches listed under "Cannot coach yet" before the list is cut.
const MAX_BLOCKED: usize = 150;
/// Changes listed before the list is cut.
const MAX_CHANGES: usize = 40;
/// Divisions in the chart before the rest are summed into one row.
const MAX_DIVISIONS: usize = 24;
/// Characters kept of a name, a team line, a reason or a change.
const NAME_CHARS: usize = 60;
const TEAMS_CHARS: usize = 100;
const LINE_CHARS: usize = 160;

/// Renders the digest, cutting the lists until it fits in [`MAX_BYTES`]. `left_out` names
/// the report files too large to attach (the digest then says where to find them).
pub fn render(report: &Report, left_out: &[String]) -> Result<String, minijinja::Error> {
    let mut environment = Environment::new();
    environment.set_undefined_behavior(UndefinedBehavior::Strict);
    environment.add_template("digest.html", TEMPLATE)?;
    let template = environment.get_template("digest.html")?;
    let mut limits = (MAX_BLOCKED, MAX_CHANGES);
    loop {
        let view = View::new(report, limits.0, limits.1);
        let html = template.render(minijinja::context! {
            left_out => left_out,
            full_report => if left_out.iter().any(|name| name == "report.html") {
                "report.html in the reports folder on the league's computer"
            } else {
                "the attached report.html"
            },
            ..minijinja::Value::from_serialize(&view)
        })?;
        if html.len() <= MAX_BYTES || limits == (0, 0) {
            return Ok(html);
        }
        limits = (limits.0 * 2 / 3, limits.1 * 2 / 3);
    }
}

#[derive(Serialize)]
struct View {
    season: String,
    as_of: String,
    generated: String,
    coaches: usize,
    compliant: usize,
    action_needed: usize,
    needs_review: usize,
    review_items: usize,
    chart: Vec<ChartRow>,
    blocked: Vec<Blocked>,
    blocked_more: usize,
    changes: Vec<String>,
    changes_total: usize,
    changes_more: usize,
}

#[derive(Serialize)]
struct ChartRow {
    label: String,
    total: usize,
    cleared: usize,
    review: usize,
    blocked: usize,
    /// Percent of the widest bar taken by each part, and the empty rest.
    cleared_width: usize,
    review_width: usize,
    blocked_width: usize,
    rest_width: usize,
}

#[derive(Serialize)]
struct Blocked {
    name: String,
    teams: String,
    reasons: Vec<String>,
}

impl View {
    fn new(report: &Report, max_blocked: usize, max_changes: usize) -> View {
        let cannot_coach = report.cannot_coach();
        let blocked: Vec<Blocked> = cannot_coach
            .iter()
            .take(max_blocked)
            .map(|coach| Blocked {
                name: shorten(&coach.name, NAME_CHARS),
                teams: shorten(&coach.teams_line(), TEAMS_CHARS),
                reasons: coach
                    .blocking()
                    .into_iter()
                    .map(|(title, status)| format!("{title} {}", status.label()))
                    .collect(),
            })
            .collect();
        let changes: Vec<String> = report
            .changes
            .iter()
            .take(max_changes)
            .map(|change| shorten(&change.message, LINE_CHARS))
            .collect();
        View {
            season: report.season.clone(),
            as_of: report.as_of.format("%A, %B %-d, %Y").to_string(),
            generated: shorten(&report.generated_at, 40),
            coaches: report.summary.coaches,
            compliant: report.summary.compliant,
            action_needed: report.summary.action_needed,
            needs_review: report.summary.needs_review,
            review_items: report
                .findings
                .iter()
                .filter(|finding| finding.severity == Severity::Review)
                .count(),
            chart: chart(report),
            blocked_more: cannot_coach.len() - blocked.len(),
            blocked,
            changes_total: report.changes.len(),
            changes_more: report.changes.len() - changes.len(),
            changes,
        }
    }
}

/// Coach status by division (a coach counts once in each division they coach in), in age
/// order; divisions beyond [`MAX_DIVISIONS`] are summed into one "other" row.
fn chart(report: &Report) -> Vec<ChartRow> {
    let mut divisions: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for coach in &report.coaches {
        let mut seen: Vec<&str> = coach
            .teams
            .iter()
            .map(|team| team.division.trim())
            .collect();
        seen.sort_unstable();
        seen.dedup();
        if seen.is_empty() {
            seen.push("");
        }
        let slot = match coach.status {
            CoachStatus::Compliant => 0,
            CoachStatus::NeedsReview => 1,
            CoachStatus::ActionNeeded => 2,
        };
        for division in seen {
            divisions.entry(division.to_string()).or_default()[slot] += 1;
        }
    }
    let mut divisions: Vec<(String, [usize; 3])> = divisions.into_iter().collect();
    divisions.sort_by(|(a, _), (b, _)| match (a.is_empty(), b.is_empty()) {
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => natural_cmp(a, b),
    });
    if divisions.len() > MAX_DIVISIONS {
        let rest = divisions.split_off(MAX_DIVISIONS - 1);
        let mut other = [0; 3];
        for (_, counts) in &rest {
            for (sum, count) in other.iter_mut().zip(counts) {
                *sum += count;
            }
        }
        divisions.push((format!("{} more divisions", rest.len()), other));
    }
    let largest = divisions
        .iter()
        .map(|(_, counts)| counts.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let percent = |count: usize| (count * 100).div_ceil(largest).min(100);
    divisions
        .into_iter()
        .map(|(label, [cleared, review, blocked])| {
            let (cleared_width, review_width, blocked_width) =
                (percent(cleared), percent(review), percent(blocked));
            ChartRow {
                label: if label.is_empty() {
                    "no division".to_string()
                } else {
                    shorten(&label, 20)
                },
                total: cleared + review + blocked,
                cleared,
                review,
                blocked,
                rest_width: 100usize.saturating_sub(cleared_width + review_width + blocked_width),
                cleared_width,
                review_width,
                blocked_width,
            }
        })
        .collect()
}

/// One line of at most `chars` characters, with "…" where it was cut.
fn shorten(text: &str, chars: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= chars {
        return line;
    }
    let mut cut: String = line.chars().take(chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{sample, HOSTILE_HTML};
    use crate::report::{Change, ChangeKind};

    /// The sample report grown to `coaches` coaches, every one unable to coach, with
    /// long names, two teams each and a change per coach: the worst case for size.
    fn league(coaches: usize) -> Report {
        let mut report = sample();
        let template = report.coaches[1].clone();
        report.coaches.clear();
        report.changes.clear();
        for number in 0..coaches {
            let mut coach = template.clone();
            coach.id = format!("X-{number:05}");
            coach.name = format!("Maria-Fernanda {number:05} de los Santos Ñúñez-Quintero <b>\"&'");
            for team in &mut coach.teams {
                team.team = format!("U{} Team \"{}\" <&>", 6 + number % 12, number / 3);
                team.division = format!("U{}", 6 + number % 12);
            }
            report.changes.push(Change {
                kind: ChangeKind::CoachNoLongerCompliant,
                coach_id: Some(coach.id.clone()),
                code: None,
                file: None,
                message: format!("{} can no longer coach: SafeSport expired <&>", coach.name),
            });
            report.coaches.push(coach);
        }
        report.summary.coaches = coaches;
        report.summary.action_needed = coaches;
        report.summary.compliant = 0;
        report.summary.needs_review = 0;
        report
    }

    #[test]
    fn stays_under_the_limit_at_any_league_size_and_says_what_was_left_out() {
        for coaches in [3, 200, 2_000, 20_000] {
            let report = league(coaches);
            let html = render(&report, &[]).unwrap();
            assert!(
                html.len() <= MAX_BYTES,
                "{coaches} coaches: {} bytes",
                html.len()
            );
            assert!(html.contains(&format!("Cannot coach yet ({coaches})")));
            let listed = html.matches("X-").count() + html.matches("Maria-Fernanda").count();
            assert!(listed > 0, "{coaches}: someone is listed");
            if coaches > MAX_BLOCKED {
                assert!(
                    html.contains("more in the attached report.html"),
                    "{coaches}"
                );
            }
        }
    }

    #[test]
    fn escapes_every_value_and_has_no_svg_or_external_reference() {
        let html = render(&sample(), &[]).unwrap();
        assert!(!html.contains("<img"), "hostile name unescaped");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        let _ = HOSTILE_HTML;
        assert!(!html.contains("<svg") && !html.contains("<script") && !html.contains("<style"));
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(
            html.contains("SafeSport expired"),
            "why the coach cannot coach"
        );
        assert!(html.contains("now cleared to coach"), "what changed");
        assert!(html.contains("To review"), "the review count");
    }

    #[test]
    fn many_divisions_fold_into_one_row() {
        let mut report = league(100);
        for (number, coach) in report.coaches.iter_mut().enumerate() {
            coach.teams.truncate(1);
            coach.teams[0].division = format!("D{number}");
        }
        let rows = chart(&report);
        assert_eq!(rows.len(), MAX_DIVISIONS);
        assert_eq!(rows.last().unwrap().label, "77 more divisions");
        assert_eq!(rows.iter().map(|row| row.total).sum::<usize>(), 100);
    }
}
