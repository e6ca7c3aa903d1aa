//! report::html: renders `report.html`, the page the director of coaches reads on a phone
//! or in an email client. Pure: no I/O.
//!
//! The page is one self-contained file: inline CSS, an inline SVG chart, no scripts, no
//! fonts, images or links fetched from anywhere (a Content-Security-Policy forbids them).
//! Layout uses tables and inline styles so Gmail and Outlook keep it readable; colours
//! always come with a word or symbol so it still reads in black and white.
//!
//! Rust computes every number (counts, chart geometry) into a view model; the minijinja
//! template `templates/report.html` lays it out. The template's name ends in `.html`, so
//! minijinja escapes every value it prints: no HTML is ever built by string concatenation.

use std::collections::{BTreeMap, HashMap};

use chrono::DateTime;
use minijinja::{Environment, UndefinedBehavior, Value};
use rayon::prelude::*;
use serde::Serialize;

use super::{
    code_title, natural_cmp, one_line, requirement_title, CertificateReport, CoachReport,
    CoachStatus, Index, Report, RequirementResult, RequirementStatus, UpcomingSummary,
};
use crate::certificates::ExtractionStatus;
use crate::findings::{Code, Finding, Severity};
use crate::matching::MatchStatus;

/// The page template (auto-escaped: its name ends in `.html`).
const TEMPLATE: &str = include_str!("templates/report.html");
/// One slice of the "Cannot coach yet" list.
const BLOCKED_TEMPLATE: &str = include_str!("templates/blocked.html");
/// One slice of the "By team" list.
const TEAMS_TEMPLATE: &str = include_str!("templates/teams.html");
/// Macros shared by the templates.
const MACROS_TEMPLATE: &str = include_str!("templates/macros.html");
/// Coaches (or teams) per slice rendered in one go.
const SLICE: usize = 200;

/// Chart geometry, in SVG user units (the SVG scales to the page width).
const CHART_WIDTH: u32 = 360;
const CHART_LABEL_WIDTH: u32 = 78;
const CHART_TOTAL_WIDTH: u32 = 30;
const CHART_ROW_HEIGHT: u32 = 28;
const CHART_BAR_HEIGHT: u32 = 18;
/// A segment narrower than this shows no number inside (the total still counts it).
const CHART_MIN_LABEL_WIDTH: u32 = 16;
/// Division labels longer than this are shortened in the chart.
const CHART_LABEL_CHARS: usize = 11;

/// Streams `report.html` into `out` (a 20,000-coach page is tens of megabytes: it is
/// never held whole in memory). The page always ends with a newline.
pub fn render_to(report: &Report, out: &mut dyn std::io::Write) -> Result<(), minijinja::Error> {
    let mut environment = Environment::new();
    environment.set_undefined_behavior(UndefinedBehavior::Strict);
    environment.add_template("report.html", TEMPLATE)?;
    environment.add_template("blocked.html", BLOCKED_TEMPLATE)?;
    environment.add_template("teams.html", TEAMS_TEMPLATE)?;
    environment.add_template("macros.html", MACROS_TEMPLATE)?;
    let view = View::new(&Context::new(report));
    // The two long lists (every coach who cannot coach, every team) are most of a large
    // league's page: their slices are rendered on every core, then pasted in order.
    let (blocked, teams) = rayon::join(
        || render_slices(&environment, "blocked.html", &view.blocked),
        || render_slices(&environment, "teams.html", &view.teams),
    );
    let page = minijinja::context! {
        blocked_count => view.blocked.len(),
        blocked_html => Value::from_safe_string(blocked?),
        teams_html => Value::from_safe_string(teams?),
        ..Value::from_serialize(&view)
    };
    let mut out = LastByte {
        inner: out,
        last: None,
    };
    environment
        .get_template("report.html")?
        .render_captured_to(page, &mut out)?;
    if out.last != Some(b'\n') {
        std::io::Write::write_all(&mut out, b"\n").map_err(|error| {
            minijinja::Error::new(minijinja::ErrorKind::WriteFailure, error.to_string())
        })?;
    }
    Ok(())
}

/// Renders `items` slice by slice in parallel with the template `name` (which loops over
/// `items`), and joins the slices in order.
fn render_slices<T: Serialize + Sync>(
    environment: &Environment<'_>,
    name: &str,
    items: &[T],
) -> Result<String, minijinja::Error> {
    let template = environment.get_template(name)?;
    let slices: Vec<String> = items
        .par_chunks(SLICE)
        .map(|slice| template.render(minijinja::context! { items => slice }))
        .collect::<Result<_, _>>()?;
    Ok(slices.concat())
}

/// A writer that remembers the last byte written through it.
struct LastByte<'a> {
    inner: &'a mut dyn std::io::Write,
    last: Option<u8>,
}

impl std::io::Write for LastByte<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        if let Some(byte) = bytes.get(..written).and_then(<[u8]>::last) {
            self.last = Some(*byte);
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Everything the template shows, computed.
#[derive(Serialize)]
struct View {
    season: String,
    as_of: String,
    as_of_iso: String,
    generated: String,
    coaches: usize,
    compliant: usize,
    action_needed: usize,
    needs_review: usize,
    review_items: usize,
    /// "CPR/AED needed from Jan 1, 2027: 12 coaches do not have it yet."
    upcoming: Vec<String>,
    chart: Chart,
    /// Rendered in slices, not by the page template.
    #[serde(skip)]
    blocked: Vec<CoachView>,
    /// Rendered in slices, not by the page template.
    #[serde(skip)]
    teams: Vec<TeamView>,
    review: Vec<FindingView>,
    info: Vec<FindingView>,
    changes: Vec<ChangeView>,
    unmatched: Vec<CertificateView>,
    decisions: Vec<DecisionView>,
    footer: Footer,
}

/// The stacked bar chart of coach status by division.
#[derive(Serialize)]
struct Chart {
    width: u32,
    height: u32,
    label_x: u32,
    bar_left: u32,
    bar_space: u32,
    total_x: u32,
    rows: Vec<ChartRow>,
    description: String,
}

#[derive(Serialize)]
struct ChartRow {
    label: String,
    full_label: String,
    y: u32,
    bar_y: u32,
    text_y: u32,
    bar_height: u32,
    total: usize,
    segments: Vec<ChartSegment>,
}

#[derive(Serialize)]
struct ChartSegment {
    x: u32,
    width: u32,
    count: usize,
    fill: &'static str,
    text_fill: &'static str,
    text_x: u32,
    show_count: bool,
    label: &'static str,
}

#[derive(Serialize)]
struct TeamView {
    name: String,
    division: String,
    format: String,
    blocked: usize,
    coaches: Vec<CoachView>,
}

#[derive(Serialize)]
struct CoachView {
    id: String,
    name: String,
    email: String,
    /// "U8 Sharks (assistant coach) · U10 Coyotes (assistant coach)".
    teams: String,
    /// The role on the team being shown (team view only).
    role: String,
    status: &'static str,
    /// "cleared", or "cleared — CPR/AED needed from Jan 1, 2027".
    status_label: String,
    /// The status pill's tone: `ok`, `bad` or `wait`.
    status_tone: &'static str,
    badges: Vec<Badge>,
    actions: Vec<String>,
}

#[derive(Serialize)]
struct Badge {
    tone: &'static str,
    symbol: &'static str,
    /// "SafeSport expired".
    text: String,
    /// The same with a short requirement name, for the compact team view: "Course wrong level".
    short: String,
    detail: String,
}

#[derive(Serialize)]
struct FindingView {
    title: &'static str,
    code: &'static str,
    coach: String,
    file: String,
    line: String,
    message: String,
    action: String,
    reason: String,
    decision: String,
    /// For a mail attachment: who sent it, when, and the subject.
    source: String,
}

#[derive(Serialize)]
struct ChangeView {
    tone: &'static str,
    symbol: &'static str,
    message: String,
}

#[derive(Serialize)]
struct CertificateView {
    file: String,
    holder: String,
    course: String,
    completed_on: String,
    status: &'static str,
    match_status: &'static str,
    reason: String,
    /// For a mail attachment: who sent it, when, and the subject.
    source: String,
}

#[derive(Serialize)]
struct DecisionView {
    file: String,
    coach: String,
    decision: String,
    note: String,
    applied: bool,
}

#[derive(Serialize)]
struct Footer {
    certificates: usize,
    rosters: usize,
    ignored: usize,
    findings: usize,
    action: usize,
    review: usize,
    info: usize,
    schema: String,
    generated_at: String,
}

/// The report with its lookups, built once per render.
struct Context<'a> {
    report: &'a Report,
    index: Index<'a>,
    certificates: HashMap<&'a str, &'a CertificateReport>,
}

impl<'a> Context<'a> {
    fn new(report: &'a Report) -> Context<'a> {
        let mut certificates = HashMap::new();
        for certificate in &report.certificates {
            certificates
                .entry(certificate.file.as_str())
                .or_insert(certificate);
        }
        Context {
            report,
            index: Index::new(report),
            certificates,
        }
    }
}

impl View {
    fn new(context: &Context<'_>) -> View {
        let report = context.report;
        let count = |severity| {
            report
                .findings
                .iter()
                .filter(|finding| finding.severity == severity)
                .count()
        };
        let mut review = findings_of(context, Severity::Review);
        let review_items = review.len();
        review.truncate(500);
        View {
            season: report.season.clone(),
            as_of: report.as_of.format("%A, %B %-d, %Y").to_string(),
            as_of_iso: report.as_of.to_string(),
            generated: pretty_time(&report.generated_at),
            coaches: report.summary.coaches,
            compliant: report.summary.compliant,
            action_needed: report.summary.action_needed,
            needs_review: report.summary.needs_review,
            review_items,
            upcoming: report
                .summary
                .upcoming
                .iter()
                .map(UpcomingSummary::sentence)
                .collect(),
            chart: Chart::new(report),
            blocked: report
                .cannot_coach()
                .into_par_iter()
                .map(|coach| CoachView::new(context, coach, None))
                .collect(),
            teams: teams(context),
            review,
            info: findings_of(context, Severity::Info),
            changes: report.changes.iter().map(ChangeView::new).collect(),
            unmatched: report
                .certificates
                .iter()
                .filter(|certificate| certificate.coach_id.is_none())
                .map(CertificateView::new)
                .collect(),
            decisions: report
                .decisions
                .iter()
                .map(|decision| DecisionView {
                    file: decision.file.clone(),
                    coach: match context.index.coach(&decision.coach_id) {
                        Some(coach) => format!("{} ({})", coach.name, coach.id),
                        None => decision.coach_id.clone(),
                    },
                    decision: decision.decision.replace('_', " "),
                    note: decision.note.clone(),
                    applied: decision.applied,
                })
                .collect(),
            footer: Footer {
                certificates: report.inbox.certificates,
                rosters: report.inbox.rosters.len(),
                ignored: report.inbox.ignored,
                findings: report.findings.len(),
                action: count(Severity::Action),
                review: count(Severity::Review),
                info: count(Severity::Info),
                schema: report.schema.clone(),
                generated_at: report.generated_at.clone(),
            },
        }
    }
}

/// `2026-08-15T10:15:30+02:00` → "August 15, 2026 at 10:15"; anything else as written.
fn pretty_time(generated_at: &str) -> String {
    DateTime::parse_from_rfc3339(generated_at)
        .map(|time| time.format("%B %-d, %Y at %H:%M").to_string())
        .unwrap_or_else(|_| generated_at.to_string())
}

/// Counts of coaches by status in one division.
#[derive(Default)]
struct DivisionCounts {
    compliant: usize,
    needs_review: usize,
    action_needed: usize,
}

impl Chart {
    fn new(report: &Report) -> Chart {
        // A coach counts once in each division they coach in.
        let mut divisions: BTreeMap<String, DivisionCounts> = BTreeMap::new();
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
            for division in seen {
                let counts = divisions.entry(division.to_string()).or_default();
                match coach.status {
                    CoachStatus::Compliant => counts.compliant += 1,
                    CoachStatus::NeedsReview => counts.needs_review += 1,
                    CoachStatus::ActionNeeded => counts.action_needed += 1,
                }
            }
        }
        let mut divisions: Vec<(String, DivisionCounts)> = divisions.into_iter().collect();
        divisions.sort_by(|(a, _), (b, _)| match (a.is_empty(), b.is_empty()) {
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            _ => natural_cmp(a, b),
        });
        let largest = divisions
            .iter()
            .map(|(_, c)| c.compliant + c.needs_review + c.action_needed)
            .max()
            .unwrap_or(0)
            .max(1);
        let bar_left = CHART_LABEL_WIDTH;
        let bar_space = CHART_WIDTH - CHART_LABEL_WIDTH - CHART_TOTAL_WIDTH - 4;
        let mut rows = Vec::new();
        let mut description = Vec::new();
        for (index, (division, counts)) in divisions.iter().enumerate() {
            let y = u32::try_from(index).unwrap_or(u32::MAX / 64) * CHART_ROW_HEIGHT;
            let total = counts.compliant + counts.needs_review + counts.action_needed;
            let mut x = bar_left;
            let mut segments = Vec::new();
            let parts = [
                (counts.compliant, "#2e7d32", "#ffffff", "compliant"),
                (counts.needs_review, "#f2b01e", "#3d2c00", "to review"),
                (
                    counts.action_needed,
                    "#c62828",
                    "#ffffff",
                    "cannot coach yet",
                ),
            ];
            for (count, fill, text_fill, label) in parts {
                if count == 0 {
                    continue;
                }
                let width = scale(count, largest, bar_space).max(3);
                segments.push(ChartSegment {
                    x,
                    width,
                    count,
                    fill,
                    text_fill,
                    text_x: x + width / 2,
                    show_count: width >= CHART_MIN_LABEL_WIDTH,
                    label,
                });
                x += width;
            }
            let full_label = if division.is_empty() {
                "No division".to_string()
            } else {
                division.clone()
            };
            description.push(format!(
                "{full_label}: {} compliant, {} to review, {} cannot coach yet",
                counts.compliant, counts.needs_review, counts.action_needed
            ));
            rows.push(ChartRow {
                label: shorten(&full_label, CHART_LABEL_CHARS),
                full_label,
                y,
                bar_y: y + (CHART_ROW_HEIGHT - CHART_BAR_HEIGHT) / 2,
                text_y: y + CHART_ROW_HEIGHT / 2 + 4,
                bar_height: CHART_BAR_HEIGHT,
                total,
                segments,
            });
        }
        let count = u32::try_from(rows.len()).unwrap_or(u32::MAX / 64);
        Chart {
            width: CHART_WIDTH,
            height: count.max(1) * CHART_ROW_HEIGHT,
            label_x: CHART_LABEL_WIDTH - 6,
            bar_left,
            bar_space,
            total_x: CHART_WIDTH - CHART_TOTAL_WIDTH + 2,
            rows,
            description: description.join("; "),
        }
    }
}

/// `count / largest` of `space`, rounded, in whole units.
fn scale(count: usize, largest: usize, space: u32) -> u32 {
    let scaled = (count as f64 / largest as f64) * f64::from(space);
    // `scaled` is within [0, space], so the conversion cannot overflow.
    scaled.round().clamp(0.0, f64::from(space)) as u32
}

/// At most `limit` characters, with "…" when cut.
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(limit.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

impl CoachView {
    /// A coach, optionally as seen on one team (`role` of that team).
    fn new(context: &Context<'_>, coach: &CoachReport, role: Option<String>) -> CoachView {
        CoachView {
            id: coach.id.clone(),
            // Escaping makes a name inert; this also drops bidi overrides that would
            // reorder the text around it.
            name: one_line(&coach.name),
            email: coach.email.clone().unwrap_or_default(),
            teams: coach
                .teams
                .iter()
                .map(|team| format!("{} ({})", team.team, team.role_label()))
                .collect::<Vec<_>>()
                .join(" · "),
            role: role.unwrap_or_default(),
            status: coach.status.as_str(),
            status_tone: match coach.status {
                CoachStatus::Compliant => "ok",
                CoachStatus::ActionNeeded => "bad",
                CoachStatus::NeedsReview => "wait",
            },
            status_label: coach.status_words(&context.report.requirements),
            badges: coach
                .requirements
                .named()
                .map(|(name, requirement)| Badge::new(context, name, requirement))
                .collect(),
            actions: context.index.actions(&coach.id),
        }
    }
}

impl Badge {
    fn new(context: &Context<'_>, name: &str, requirement: &RequirementResult) -> Badge {
        let (status, detail) = (requirement.status, requirement.detail.as_str());
        let title = requirement_title(name, requirement);
        let title = title.as_str();
        let (tone, symbol) = match status {
            RequirementStatus::Ok => ("ok", "✓"),
            RequirementStatus::Pending => ("wait", "?"),
            RequirementStatus::Upcoming => ("soon", "!"),
            RequirementStatus::NotRequired => ("na", "–"),
            RequirementStatus::Missing
            | RequirementStatus::Expired
            | RequirementStatus::WrongLevel
            | RequirementStatus::Denied => ("bad", "✗"),
        };
        let short_title = context
            .report
            .requirements
            .iter()
            .find(|info| info.id == name)
            .map_or(title, |info| info.short.as_str());
        let describe = |title: &str| {
            if status == RequirementStatus::Ok {
                title.to_string()
            } else {
                format!("{title} {}", status.label())
            }
        };
        Badge {
            tone,
            symbol,
            text: describe(title),
            short: describe(short_title),
            detail: if detail.is_empty() {
                format!("{title}: {}", status.label())
            } else {
                format!("{title}: {detail}")
            },
        }
    }
}

/// One team's coaches while grouping: (role rank, coach, role on this team).
#[derive(Default)]
struct TeamGroup<'a> {
    format: String,
    members: Vec<(usize, &'a CoachReport, String)>,
}

/// Teams sorted by division then name, each with its coaches (role order, then name).
/// Coaches without a team are gathered under "Not on a team" at the end.
fn teams(context: &Context<'_>) -> Vec<TeamView> {
    let report = context.report;
    // Keyed by (division, team); the sort below sets the order people read.
    let mut grouped: BTreeMap<(String, String), TeamGroup<'_>> = BTreeMap::new();
    for coach in &report.coaches {
        if coach.teams.is_empty() {
            let group = grouped.entry((String::new(), String::new())).or_default();
            group.members.push((role_rank(""), coach, String::new()));
        }
        for team in &coach.teams {
            let group = grouped
                .entry((team.division.clone(), team.team.clone()))
                .or_default();
            if group.format.is_empty() {
                group.format = team.format.clone().unwrap_or_default();
            }
            if !group
                .members
                .iter()
                .any(|(_, known, _)| known.id == coach.id)
            {
                group
                    .members
                    .push((role_rank(&team.role), coach, team.role_label()));
            }
        }
    }
    let mut teams: Vec<_> = grouped.into_iter().collect();
    teams.sort_by(|((division_a, team_a), _), ((division_b, team_b), _)| {
        team_a
            .is_empty()
            .cmp(&team_b.is_empty())
            .then_with(|| natural_cmp(division_a, division_b))
            .then_with(|| natural_cmp(team_a, team_b))
    });
    teams
        .into_par_iter()
        .map(|((division, team), mut group)| {
            group.members.sort_by(|(rank_a, a, _), (rank_b, b, _)| {
                rank_a
                    .cmp(rank_b)
                    .then_with(|| natural_cmp(&a.name, &b.name))
            });
            TeamView {
                name: if team.is_empty() {
                    "Not on a team".to_string()
                } else {
                    team
                },
                division,
                format: group.format,
                blocked: group
                    .members
                    .iter()
                    .filter(|(_, coach, _)| coach.status == CoachStatus::ActionNeeded)
                    .count(),
                coaches: group
                    .members
                    .into_iter()
                    .map(|(_, coach, role)| CoachView::new(context, coach, Some(role)))
                    .collect(),
            }
        })
        .collect()
}

/// Head coaches first, then assistants, managers, others.
fn role_rank(role: &str) -> usize {
    match role {
        "head_coach" => 0,
        "assistant_coach" => 1,
        "team_manager" => 2,
        _ => 3,
    }
}

/// The findings of one severity, grouped by code (contract order), then file and coach.
fn findings_of(context: &Context<'_>, severity: Severity) -> Vec<FindingView> {
    let mut findings: Vec<&Finding> = context
        .report
        .findings
        .iter()
        .filter(|finding| finding.severity == severity)
        .collect();
    findings.sort_by(|a, b| {
        (a.code, &a.file, &a.coach_id, a.line).cmp(&(b.code, &b.file, &b.coach_id, b.line))
    });
    findings
        .into_iter()
        .map(|finding| FindingView::new(context, finding))
        .collect()
}

impl FindingView {
    fn new(context: &Context<'_>, finding: &Finding) -> FindingView {
        let certificate = finding
            .file
            .as_deref()
            .and_then(|file| context.certificates.get(file));
        let shows_match = matches!(
            finding.code,
            Code::AmbiguousMatch
                | Code::UnmatchedCertificate
                | Code::NameMismatch
                | Code::EmailMismatch
        );
        let reason = match certificate {
            Some(certificate) if shows_match && !certificate.match_.reason.is_empty() => format!(
                "{} (score {:.2})",
                certificate.match_.reason, certificate.match_.score
            ),
            _ => String::new(),
        };
        FindingView {
            title: code_title(finding.code),
            code: finding.code.as_str(),
            coach: finding
                .coach_id
                .as_deref()
                .map(|id| context.index.coach_name(id))
                .unwrap_or_default(),
            file: finding.file.clone().unwrap_or_default(),
            line: finding
                .line
                .map(|line| line.to_string())
                .unwrap_or_default(),
            message: finding.message.clone(),
            action: finding.action.clone(),
            reason,
            decision: finding.decision.clone().unwrap_or_default(),
            source: certificate
                .and_then(|certificate| certificate.source.as_ref())
                .map(source_text)
                .unwrap_or_default(),
        }
    }
}

impl ChangeView {
    fn new(change: &super::Change) -> ChangeView {
        use super::ChangeKind;
        let (tone, symbol) = match change.kind {
            ChangeKind::CoachCompliant | ChangeKind::FindingResolved => ("ok", "✓"),
            ChangeKind::CoachNoLongerCompliant | ChangeKind::NewFinding => ("bad", "✗"),
            ChangeKind::CoachAdded | ChangeKind::NewCertificate => ("na", "+"),
            ChangeKind::CoachRemoved => ("na", "−"),
        };
        ChangeView {
            tone,
            symbol,
            message: change.message.clone(),
        }
    }
}

/// "sent by ADDRESS on DATE: SUBJECT" for a certificate that came by mail (escaped by the
/// template like every value).
fn source_text(source: &super::CertificateSource) -> String {
    match source {
        super::CertificateSource::Mail(mail) => {
            let mut text = format!(
                "sent by {}",
                mail.sender.as_deref().unwrap_or("an unknown sender")
            );
            if let Some(date) = mail.date.as_deref() {
                text.push_str(&format!(" on {}", date.get(..10).unwrap_or(date)));
            }
            if let Some(subject) = mail.subject.as_deref() {
                text.push_str(&format!(": “{subject}”"));
            }
            text
        }
        super::CertificateSource::RegistrationRecord { file, label, .. } => {
            format!("registration record “{label}” in {file}")
        }
    }
}

impl CertificateView {
    fn new(certificate: &CertificateReport) -> CertificateView {
        CertificateView {
            file: certificate.file.clone(),
            holder: certificate.holder.clone().unwrap_or_default(),
            course: certificate
                .course_title
                .clone()
                .or_else(|| {
                    certificate
                        .course
                        .map(|course| course.id().replace('_', " "))
                })
                .unwrap_or_default(),
            completed_on: certificate
                .completed_on
                .map(|date| date.to_string())
                .unwrap_or_default(),
            status: match certificate.status {
                ExtractionStatus::Ok => "",
                ExtractionStatus::NeedsOcr => "scan without text",
                ExtractionStatus::Unreadable => "unreadable",
                ExtractionStatus::Unrecognized => "not recognized",
            },
            match_status: match certificate.match_.status {
                MatchStatus::Matched => "matched",
                MatchStatus::Ambiguous => "fits several coaches",
                MatchStatus::Unmatched => "fits nobody on the roster",
            },
            reason: certificate.match_.reason.clone(),
            source: certificate
                .source
                .as_ref()
                .map(source_text)
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{sample, HOSTILE_HTML};

    /// The page as a string, or the template error.
    fn try_render(report: &Report) -> Result<String, minijinja::Error> {
        let mut html = Vec::new();
        render_to(report, &mut html)?;
        Ok(String::from_utf8(html).expect("the page is UTF-8"))
    }

    fn rendered() -> String {
        try_render(&sample()).unwrap()
    }

    #[test]
    fn a_large_league_lists_every_coach_once_in_order_across_slices() {
        let mut report = sample();
        let template = report
            .coaches
            .iter()
            .find(|coach| coach.status == CoachStatus::ActionNeeded)
            .unwrap()
            .clone();
        let count = SLICE * 2 + 37;
        for number in 0..count {
            let mut coach = template.clone();
            coach.id = format!("X-{number:04}");
            coach.name = format!("Zed Coach{number:04}");
            coach.teams.truncate(1);
            for team in &mut coach.teams {
                team.team = format!("Zz Team {:03}", number / 3);
            }
            report.coaches.push(coach);
        }
        let html = rendered_with(&report);
        let mut last_blocked = 0;
        let mut last_team = 0;
        for number in 0..count {
            let name = format!("Zed Coach{number:04}");
            let places: Vec<usize> = html.match_indices(&name).map(|(at, _)| at).collect();
            // Once under "Cannot coach yet", once under their team.
            assert_eq!(places.len(), 2, "{name}");
            assert!(
                places[0] > last_blocked && places[1] > last_team,
                "{name} out of order"
            );
            (last_blocked, last_team) = (places[0], places[1]);
        }
        assert!(html.contains(&format!(
            "Cannot coach yet ({})",
            report.cannot_coach().len()
        )));
    }

    fn rendered_with(report: &Report) -> String {
        try_render(report).unwrap()
    }

    #[test]
    fn escapes_every_hostile_value() {
        let html = rendered();
        assert!(!html.contains("<img"), "unescaped image tag");
        assert!(!html.contains("<script"), "script tag");
        assert!(!html.contains("<b>"), "unescaped holder markup");
        assert!(!html.contains("<ok>"), "unescaped decision note");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("=HYPERLINK(&quot;http:&#x2f;&#x2f;x&quot;,&quot;y&quot;)"));
        assert!(html.contains("José Muñoz-Ñúñez"));
        let _ = HOSTILE_HTML;
    }

    #[test]
    fn a_mail_attachment_says_who_sent_it() {
        let html = rendered();
        assert!(
            html.contains("sent by alex&lt;b&gt;@example.org on 2026-08-01: “&lt;script&gt;alert(1)&lt;&#x2f;script&gt; my cert”"),
            "the unmatched certificate names its message"
        );
    }

    #[test]
    fn is_self_contained() {
        let html = rendered();
        assert!(html.contains("<svg"));
        assert!(!html.contains("<script"));
        for attribute in ["src=", "href=", "url("] {
            for (index, _) in html.match_indices(attribute) {
                let after = html.get(index..index + 40).unwrap_or_default();
                assert!(
                    !after.contains("http") && !after.contains("//"),
                    "external reference: {after}"
                );
            }
        }
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        assert!(!html.contains("@import"));
        assert!(!html.contains("<link"));
        assert!(!html.contains("<img"));
    }

    #[test]
    fn puts_who_cannot_coach_before_the_team_list() {
        let html = rendered();
        let blocked = html.find("Cannot coach yet").unwrap();
        let name = html.find("&lt;img src=x").unwrap();
        let teams = html.find("By team").unwrap();
        assert!(blocked < name && name < teams);
        assert!(html.contains("Take a SafeSport Refresher"));
        assert!(html.contains("SafeSport expired"));
        assert!(html.contains("cert-unknown.pdf,CS-3,accept_match,"));
        assert!(html.contains("two coaches named Alex Kim"));
    }

    #[test]
    fn chart_has_a_bar_per_division_in_age_order() {
        let chart = Chart::new(&sample());
        let labels: Vec<&str> = chart.rows.iter().map(|row| row.label.as_str()).collect();
        assert_eq!(labels, ["U8", "U10", "U12"]);
        let u10: Vec<(usize, &str)> = chart.rows[1]
            .segments
            .iter()
            .map(|segment| (segment.count, segment.label))
            .collect();
        assert_eq!(u10, [(1, "compliant"), (1, "cannot coach yet")]);
        assert_eq!(chart.rows[1].total, 2);
        for row in &chart.rows {
            let end = row
                .segments
                .iter()
                .map(|s| s.x + s.width)
                .max()
                .unwrap_or(0);
            assert!(
                end <= CHART_WIDTH - CHART_TOTAL_WIDTH,
                "bar overflows: {end}"
            );
        }
    }

    #[test]
    fn teams_are_sorted_by_division_then_name() {
        let report = sample();
        let context = Context::new(&report);
        let names: Vec<String> = teams(&context).into_iter().map(|team| team.name).collect();
        assert_eq!(names, ["U8 Sharks", "U10 Coyotes", "U12 Comets"]);
        let coyotes = &teams(&context)[1];
        let roles: Vec<&str> = coyotes
            .coaches
            .iter()
            .map(|coach| coach.role.as_str())
            .collect();
        assert_eq!(roles, ["head coach", "assistant coach"]);
    }

    #[test]
    fn renders_an_empty_report() {
        let mut report = sample();
        report.coaches.clear();
        report.findings.clear();
        report.certificates.clear();
        report.changes.clear();
        report.decisions.clear();
        report.summary = crate::report::Summary::default();
        let html = try_render(&report).unwrap();
        assert!(html.contains("No coaches on the roster yet"));
        report.coaches = sample().coaches;
        for coach in &mut report.coaches {
            coach.status = CoachStatus::Compliant;
        }
        report.summary.coaches = 3;
        report.summary.compliant = 3;
        let html = try_render(&report).unwrap();
        assert!(html.contains("Every coach is cleared"));
    }
}
