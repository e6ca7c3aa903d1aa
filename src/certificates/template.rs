//! Issuer templates: TOML data (built-in ones compiled in with `include_str!`, user ones read
//! from a folder), compiled once into regexes, and matched against a certificate's lines.
//! The file format is documented in `templates/README.md`.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::dates::DateOrder;
use super::layout::Line;
use super::text::normalize;
use super::{CertificateKind, Course};

/// Built-in template sources, in the order they are tried.
const BUILTIN: &[(&str, &str)] = &[
    ("safesport.toml", include_str!("templates/safesport.toml")),
    (
        "cdc_heads_up.toml",
        include_str!("templates/cdc_heads_up.toml"),
    ),
    ("nfhs.toml", include_str!("templates/nfhs.toml")),
    (
        "cpr_red_cross.toml",
        include_str!("templates/cpr_red_cross.toml"),
    ),
    ("cpr_aha.toml", include_str!("templates/cpr_aha.toml")),
    ("cpr_nsc.toml", include_str!("templates/cpr_nsc.toml")),
    ("cpr_hsi.toml", include_str!("templates/cpr_hsi.toml")),
    ("us_soccer.toml", include_str!("templates/us_soccer.toml")),
];

/// Most lines one course pattern may span.
const MAX_TITLE_LINES: usize = 3;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    name: String,
    /// The issuer kind of the courses this template declares (a built-in course id keeps
    /// its built-in kind).
    kind: String,
    #[serde(default)]
    description: String,
    issuer: IssuerFile,
    #[serde(default)]
    producers: Vec<String>,
    earliest: Option<NaiveDate>,
    date_order: Option<DateOrder>,
    #[serde(default)]
    courses: Vec<CourseFile>,
    #[serde(default)]
    fields: FieldsFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuerFile {
    #[serde(default)]
    any: Vec<String>,
    #[serde(default)]
    all: Vec<String>,
    #[serde(default)]
    none: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFile {
    id: String,
    #[serde(default)]
    patterns: Vec<String>,
    /// Distinctive titles: select the course like `patterns`, and identify the issuer on
    /// their own (a learning portal's certificate may print the title but not the issuer).
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    fallback: bool,
    earliest: Option<NaiveDate>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldsFile {
    #[serde(default)]
    holder: Vec<String>,
    #[serde(default)]
    completed_on: Vec<String>,
    #[serde(default)]
    expires_on: Vec<String>,
    #[serde(default)]
    email: Vec<String>,
    #[serde(default)]
    certificate_id: Vec<String>,
}

/// A regex with the source it was compiled from.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    /// The pattern as written in the template.
    pub source: String,
    /// The compiled, case-insensitive regex.
    pub regex: Regex,
}

/// One course entry of a template.
#[derive(Clone, Debug)]
pub(crate) struct CourseRule {
    /// The canonical course.
    pub course: Course,
    /// Title patterns; any one matching selects the course.
    pub patterns: Vec<Pattern>,
    /// Distinctive title patterns: they select the course too, and identify the issuer by
    /// themselves when no issuer keyword is printed.
    pub titles: Vec<Pattern>,
    /// Used when the issuer matched but no other course did.
    pub fallback: bool,
    /// No completion before this date is plausible.
    pub earliest: Option<NaiveDate>,
}

/// Field patterns of a template; each regex has a `value` group (or uses group 1).
#[derive(Clone, Debug, Default)]
pub(crate) struct FieldRules {
    pub holder: Vec<Pattern>,
    pub completed_on: Vec<Pattern>,
    pub expires_on: Vec<Pattern>,
    pub email: Vec<Pattern>,
    pub certificate_id: Vec<Pattern>,
}

/// A compiled issuer template.
#[derive(Clone, Debug)]
pub(crate) struct Template {
    /// Unique name; a user template with a built-in's name replaces it.
    pub name: String,
    /// Where it came from: `built-in` or the file path.
    pub origin: String,
    /// One-line description.
    #[allow(dead_code)]
    pub description: String,
    any: Vec<Pattern>,
    all: Vec<Pattern>,
    none: Vec<Pattern>,
    /// Producer/Creator patterns; empty means "don't check".
    pub producers: Vec<Pattern>,
    /// Earliest plausible completion date.
    pub earliest: Option<NaiveDate>,
    /// Numeric date order, when the template settles it.
    pub date_order: Option<DateOrder>,
    /// Courses, in order (first match wins).
    pub courses: Vec<CourseRule>,
    /// Field patterns.
    pub fields: FieldRules,
}

impl CourseRule {
    /// Every pattern that selects this course: `patterns`, then the distinctive `titles`.
    pub(crate) fn all_patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.patterns.iter().chain(&self.titles)
    }
}

/// Titles so generic that no pattern matching one of them may identify an issuer.
const GENERIC_TITLES: &[&str] = &[
    "Course",
    "Online Course",
    "Module",
    "Training",
    "Online Training",
    "Coaching Course",
    "Coach Training",
    "Certificate",
    "Certificate of Completion",
    "Introduction",
    "Concussion",
    "Concussion Training",
    "Concussion Awareness",
    "Refresher",
    "Refresher 1",
    "License",
    "Workshop",
    "Webinar",
    "Clinic",
    "CPR",
    "First Aid",
    "Safety Training",
    "Youth Sports",
    "Coaching",
];

/// How a template matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Evidence {
    /// Issuer keywords matched, and a course pattern or title.
    Keywords,
    /// No issuer keyword, but a distinctive course title (a course's `titles`).
    Title,
}

/// The outcome of trying one template.
#[derive(Clone, Debug)]
pub(crate) enum Trial {
    /// `course` is the matching rule (index), `lines` the title lines, `evidence` what
    /// identified the issuer.
    Matched {
        course: usize,
        lines: Option<(usize, usize)>,
        evidence: Evidence,
    },
    /// Why it did not match.
    Failed(String),
}

fn compile(source: &str) -> anyhow::Result<Pattern> {
    let prepared = normalize(source);
    let regex = RegexBuilder::new(&prepared)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .with_context(|| format!("invalid pattern {source:?}"))?;
    Ok(Pattern {
        source: source.to_string(),
        regex,
    })
}

fn compile_all(sources: &[String]) -> anyhow::Result<Vec<Pattern>> {
    sources.iter().map(|s| compile(s)).collect()
}

impl Template {
    /// Parses and compiles one template file.
    pub(crate) fn parse(source: &str, origin: &str) -> anyhow::Result<Template> {
        let file: TemplateFile = toml::from_str(source).context("not a valid template")?;
        if file.name.trim().is_empty() {
            bail!("`name` is empty");
        }
        if file.issuer.any.is_empty() && file.issuer.all.is_empty() {
            bail!("`[issuer]` needs at least one `any` or `all` keyword");
        }
        if file.courses.is_empty() {
            bail!("no `[[courses]]`");
        }
        let kind = CertificateKind::declare(&file.kind).context("`kind`")?;
        let mut courses = Vec::new();
        for c in &file.courses {
            let course = Course::declare(&c.id, kind).with_context(|| {
                format!("course id {:?} (SPEC §5 lists the built-in ones)", c.id)
            })?;
            if c.patterns.is_empty() && c.titles.is_empty() && !c.fallback {
                bail!("course {:?} has no patterns and is not a fallback", c.id);
            }
            if c.fallback && !c.titles.is_empty() {
                bail!(
                    "course {:?} is a fallback; a fallback cannot have distinctive `titles`",
                    c.id
                );
            }
            let titles = compile_all(&c.titles)?;
            if let Some((p, generic)) = titles.iter().find_map(|p| {
                GENERIC_TITLES
                    .iter()
                    .find(|g| p.regex.is_match(g))
                    .map(|g| (p, g))
            }) {
                bail!(
                    "title {:?} of course {:?} matches the generic title {generic:?}; only a distinctive title may identify an issuer (put it in `patterns`)",
                    p.source,
                    c.id
                );
            }
            courses.push(CourseRule {
                course,
                patterns: compile_all(&c.patterns)?,
                titles,
                fallback: c.fallback,
                earliest: c.earliest,
            });
        }
        let f = &file.fields;
        Ok(Template {
            name: file.name.trim().to_string(),
            origin: origin.to_string(),
            description: file.description,
            any: compile_all(&file.issuer.any)?,
            all: compile_all(&file.issuer.all)?,
            none: compile_all(&file.issuer.none)?,
            producers: compile_all(&file.producers)?,
            earliest: file.earliest,
            date_order: file.date_order,
            courses,
            fields: FieldRules {
                holder: compile_all(&f.holder)?,
                completed_on: compile_all(&f.completed_on)?,
                expires_on: compile_all(&f.expires_on)?,
                email: compile_all(&f.email)?,
                certificate_id: compile_all(&f.certificate_id)?,
            },
        })
    }

    /// Tries this template on a certificate: `flat` is the normalised text on one line,
    /// `lines` the normalised lines.
    pub(crate) fn try_match(&self, flat: &str, lines: &[String]) -> Trial {
        if let Some(p) = self.none.iter().find(|p| p.regex.is_match(flat)) {
            return Trial::Failed(format!("excluded keyword {:?} present", p.source));
        }
        let missing = if !self.any.is_empty() && !self.any.iter().any(|p| p.regex.is_match(flat)) {
            let list: Vec<&str> = self.any.iter().map(|p| p.source.as_str()).collect();
            Some(format!(
                "no issuer keyword found (any of: {})",
                list.join(", ")
            ))
        } else {
            self.all
                .iter()
                .find(|p| !p.regex.is_match(flat))
                .map(|p| format!("issuer keyword {:?} missing", p.source))
        };
        if let Some(why) = missing {
            return self.try_titles(lines).unwrap_or(Trial::Failed(why));
        }
        for (index, rule) in self.courses.iter().enumerate() {
            if rule.fallback {
                continue;
            }
            let patterns: Vec<&Pattern> = rule.all_patterns().collect();
            if let Some(span) = best_span(&patterns, lines) {
                return Trial::Matched {
                    course: index,
                    lines: Some(span),
                    evidence: Evidence::Keywords,
                };
            }
        }
        if let Some(index) = self.courses.iter().position(|r| r.fallback) {
            let span = self.courses.get(index).and_then(|rule| {
                let patterns: Vec<&Pattern> = rule.all_patterns().collect();
                best_span(&patterns, lines)
            });
            return Trial::Matched {
                course: index,
                lines: span,
                evidence: Evidence::Keywords,
            };
        }
        Trial::Failed("no known course title found".into())
    }

    /// The first course whose distinctive `titles` match, when no issuer keyword did.
    fn try_titles(&self, lines: &[String]) -> Option<Trial> {
        self.courses.iter().enumerate().find_map(|(index, rule)| {
            let titles: Vec<&Pattern> = rule.titles.iter().collect();
            best_span(&titles, lines).map(|span| Trial::Matched {
                course: index,
                lines: Some(span),
                evidence: Evidence::Title,
            })
        })
    }

    /// True when one of the issuer keywords matches `line` (normalised).
    pub(crate) fn names_issuer(&self, line: &str) -> bool {
        self.any
            .iter()
            .chain(&self.all)
            .any(|p| p.regex.is_match(line))
    }

    /// True when the regexes of this template match a producer or creator string.
    pub(crate) fn producer_expected(&self, producer: &str) -> bool {
        let p = normalize(producer);
        self.producers.iter().any(|r| r.regex.is_match(&p))
    }
}

/// Every line window (1 to 3 lines) where `re` matches, as (first, last) line indexes:
/// single lines when any matches, else the first window of 2, else of 3.
fn find_in_lines(re: &Regex, lines: &[String]) -> Vec<(usize, usize)> {
    let single: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| re.is_match(l))
        .map(|(i, _)| (i, i))
        .collect();
    if !single.is_empty() {
        return single;
    }
    for n in 2..=MAX_TITLE_LINES {
        for i in 0..lines.len().saturating_sub(n - 1) {
            let Some(window) = lines.get(i..i + n) else {
                break;
            };
            if re.is_match(&window.join(" ")) {
                return vec![(i, i + n - 1)];
            }
        }
    }
    Vec::new()
}

static TITLE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:complet\w*|course|program|module|title|training)\s*:?\s*(?:the\s*)?$|for\s+(?:successfully\s+)?completing|successfully|^course\s*:")
        .unwrap_or_else(|e| panic!("static regex: {e}"))
});

/// The most title-like of the windows where any of `patterns` matches: a short line, after
/// "completed"/"Course:", longer (more complete) rather than shorter; earliest on ties.
fn best_span(patterns: &[&Pattern], lines: &[String]) -> Option<(usize, usize)> {
    let mut best: Option<((usize, usize), f32)> = None;
    for p in patterns {
        for span in find_in_lines(&p.regex, lines) {
            let text = lines.get(span.0..=span.1).unwrap_or_default().join(" ");
            let words = text.split_whitespace().count();
            let mut score = 0.0f32;
            if words <= 12 {
                score += 2.0;
            }
            if words > 20 {
                score -= 2.0;
            }
            let lead_before = span
                .0
                .checked_sub(1)
                .and_then(|i| lines.get(i))
                .is_some_and(|prev| TITLE_LEAD.is_match(prev));
            if lead_before || text.to_lowercase().starts_with("course:") {
                score += 3.0;
            }
            score += text.chars().count().min(80) as f32 / 80.0;
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((span, score));
            }
        }
    }
    best.map(|(span, _)| span)
}

/// The issuer templates in use, compiled once.
#[derive(Clone, Debug)]
pub(crate) struct Templates {
    /// In the order tried: user templates, then built-ins not replaced by them.
    pub list: Vec<Arc<Template>>,
    /// Hash of every source.
    pub fingerprint: String,
}

impl Templates {
    /// The built-in templates.
    pub(crate) fn builtin() -> Templates {
        Self::with_user(Vec::new())
    }

    fn with_user(user: Vec<(String, Template)>) -> Templates {
        let mut hasher = Sha256::new();
        let mut list: Vec<Arc<Template>> = Vec::new();
        for (source, t) in user {
            hasher.update(source.as_bytes());
            hasher.update([0u8]);
            list.push(Arc::new(t));
        }
        for (file, source) in BUILTIN {
            // Built-in templates are tested; a broken one would be a build defect.
            let Ok(t) = Template::parse(source, "built-in") else {
                tracing::error!("built-in template {file} does not compile");
                continue;
            };
            if list.iter().any(|u| u.name == t.name) {
                continue;
            }
            hasher.update(source.as_bytes());
            hasher.update([0u8]);
            list.push(Arc::new(t));
        }
        let digest = hasher.finalize();
        let fingerprint = digest
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        Templates { list, fingerprint }
    }

    /// Built-ins plus every `*.toml` in `dir` (sorted by file name).
    pub(crate) fn load(dir: &Path) -> anyhow::Result<Templates> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the templates folder {}", dir.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            })
            .collect();
        files.sort();
        let mut user = Vec::new();
        for path in files {
            let source = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read template {}", path.display()))?;
            let t = Template::parse(&source, &path.display().to_string())
                .with_context(|| format!("bad template {}", path.display()))?;
            if user
                .iter()
                .any(|(_, u): &(String, Template)| u.name == t.name)
            {
                bail!(
                    "bad template {}: another user template is also named {:?}",
                    path.display(),
                    t.name
                );
            }
            user.push((source, t));
        }
        Ok(Self::with_user(user))
    }
}

/// Lines of the title span, as printed.
pub(crate) fn span_text(lines: &[Line], span: (usize, usize)) -> String {
    lines
        .get(span.0..=span.1)
        .unwrap_or_default()
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_compile() {
        for (file, source) in BUILTIN {
            if let Err(e) = Template::parse(source, "built-in") {
                panic!("{file}: {e:#}");
            }
        }
        let t = Templates::builtin();
        assert_eq!(t.list.len(), BUILTIN.len());
        assert_eq!(t.fingerprint.len(), 12);
    }

    #[test]
    fn readme_example_compiles() {
        let readme = include_str!("templates/README.md");
        let start = readme.find("```toml\n").map(|i| i + 8).unwrap();
        let end = start + readme[start..].find("```").unwrap();
        let t = Template::parse(&readme[start..end], "README.md").unwrap();
        assert_eq!(t.name, "acme_concussion");
        assert_eq!(t.date_order, Some(DateOrder::Dmy));
        let lines = vec!["Concussion Awareness for Coaches".to_string()];
        assert!(matches!(
            t.try_match("Acme State Youth Soccer Association", &lines),
            Trial::Matched { .. }
        ));
    }

    /// The template (name, course id, evidence) that recognises `lines`, as the pipeline
    /// picks it: keywords with a specific course, else a distinctive title, else a fallback.
    fn recognised_by(lines: &[&str]) -> Option<(String, String, Evidence)> {
        let templates = Templates::builtin();
        let norm: Vec<String> = lines.iter().map(|l| normalize(l)).collect();
        let flat = norm.join(" ");
        let mut found = Vec::new();
        for t in &templates.list {
            if let Trial::Matched {
                course, evidence, ..
            } = t.try_match(&flat, &norm)
            {
                let rule = &t.courses[course];
                let rank = match (evidence, rule.fallback) {
                    (Evidence::Keywords, false) => 0,
                    (Evidence::Title, _) => 1,
                    (Evidence::Keywords, true) => 2,
                };
                found.push((rank, t.name.clone(), rule.course.id().to_string(), evidence));
            }
        }
        found.sort_by_key(|f| f.0);
        found.into_iter().next().map(|(_, n, c, e)| (n, c, e))
    }

    #[test]
    fn distinctive_course_titles_identify_the_issuer() {
        use Evidence::{Keywords, Title};
        /// (printed lines, the expected (template, course id, evidence) or none).
        type Case<'a> = (&'a [&'a str], Option<(&'a str, &'a str, Evidence)>);
        let cases: &[Case] = &[
            (
                &[
                    "Certificate of Completion",
                    "Jane Doe",
                    "HEADS UP to Youth Sports: Online Training for Coaches",
                ],
                Some(("cdc_heads_up", "concussion", Title)),
            ),
            (
                &[
                    "Jane Doe",
                    "HEADS UP: Concussion in Youth Sports",
                    "Completed 3/3/2026",
                ],
                Some(("cdc_heads_up", "concussion", Title)),
            ),
            (
                &["CDC HEADS UP", "Jane Doe"],
                Some(("cdc_heads_up", "concussion", Keywords)),
            ),
            (
                &[
                    "State Association Learning Portal",
                    "Concussion in Sports – What You Need to Know",
                    "Jane Doe",
                ],
                Some(("nfhs", "concussion", Title)),
            ),
            (
                &["Jane Doe", "SafeSport Trained", "Core course"],
                Some(("safesport", "safesport_core", Keywords)),
            ),
            (
                &["Jane Doe has completed", "Grassroots 7v7 Online"],
                Some(("us_soccer", "grassroots_7v7", Title)),
            ),
            (
                &["Jane Doe", "Introduction to Grassroots Coaching"],
                Some(("us_soccer", "intro_grassroots", Title)),
            ),
            (
                &["U.S. Soccer", "Jane Doe", "7v7 In-Person Course"],
                Some(("us_soccer", "grassroots_7v7", Keywords)),
            ),
            // Generic titles never identify an issuer.
            (&["Jane Doe", "Concussion Training for Coaches"], None),
            (&["Jane Doe", "7v7 Online Course"], None),
            (&["Jane Doe", "Module 2", "Course"], None),
            (&["Jane Doe", "Refresher 1"], None),
        ];
        for (lines, want) in cases {
            let got = recognised_by(lines);
            let got_ref = got.as_ref().map(|(n, c, e)| (n.as_str(), c.as_str(), *e));
            assert_eq!(got_ref, *want, "{lines:?}");
        }
    }

    #[test]
    fn generic_titles_cannot_identify_an_issuer() {
        for (title, ok) in [
            ("Concussion Awareness for Coaches", true),
            ("Concussion", false),
            ("\\bCourse\\b", false),
            ("Module ?\\d*", false),
            ("Refresher ?\\d", false),
        ] {
            let src = format!(
                "name = \"x\"\nkind = \"concussion\"\n[issuer]\nany = [\"Acme\"]\n[[courses]]\nid = \"concussion\"\ntitles = ['{title}']\n"
            );
            match Template::parse(&src, "t.toml") {
                Ok(_) => assert!(ok, "{title} was accepted"),
                Err(e) => {
                    assert!(!ok, "{title}: {e:#}");
                    assert!(format!("{e:#}").contains("generic title"), "{e:#}");
                }
            }
        }
        let fallback = "name = \"x\"\nkind = \"concussion\"\n[issuer]\nany = [\"Acme\"]\n[[courses]]\nid = \"concussion\"\nfallback = true\ntitles = [\"Acme Concussion Course\"]\n";
        let err = format!("{:#}", Template::parse(fallback, "t.toml").unwrap_err());
        assert!(err.contains("fallback"), "{err}");
    }

    #[test]
    fn bad_templates_are_errors() {
        let cases = [
            ("name = \"x\"", "not a valid template"),
            (
                "name = \"x\"\nkind = \"us_soccer\"\n[issuer]\nany = [\"a\"]\n[[courses]]\nid = \"Not-An-Id\"\npatterns = [\"a\"]",
                "not a valid id",
            ),
            (
                "name = \"x\"\nkind = \"us_soccer\"\n[issuer]\nany = [\"(\"]\n[[courses]]\nid = \"license_d\"\npatterns = [\"a\"]",
                "invalid pattern",
            ),
            (
                "name = \"x\"\nkind = \"us_soccer\"\nbogus = 1\n[issuer]\nany = [\"a\"]",
                "not a valid template",
            ),
        ];
        for (src, want) in cases {
            let err = format!("{:#}", Template::parse(src, "t.toml").unwrap_err());
            assert!(err.contains(want), "{err}");
        }
    }

    #[test]
    fn course_patterns_span_line_breaks() {
        let t = Template::parse(
            r#"name = "x"
kind = "us_soccer"
[issuer]
any = ["U\\.S\\. Soccer"]
[[courses]]
id = "safe_healthy_environments"
patterns = ["Safe and Healthy Playing Environments"]
"#,
            "t",
        )
        .unwrap();
        let lines: Vec<String> = [
            "U.S. Soccer",
            "Introduction to Safe and Healthy",
            "Playing Environments",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let flat = lines.join(" ");
        match t.try_match(&flat, &lines) {
            Trial::Matched {
                lines, evidence, ..
            } => {
                assert_eq!(lines, Some((1, 2)));
                assert_eq!(evidence, Evidence::Keywords);
            }
            Trial::Failed(why) => panic!("{why}"),
        }
        match t.try_match("Something else", &["Something else".to_string()]) {
            Trial::Failed(why) => assert!(why.contains("issuer keyword")),
            Trial::Matched { .. } => panic!("matched"),
        }
    }

    #[test]
    fn user_templates_replace_builtins_and_bad_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.toml"),
            "name = \"nfhs\"\nkind = \"concussion\"\n[issuer]\nany = [\"Acme\"]\n[[courses]]\nid = \"concussion\"\npatterns = [\"Concussion\"]\n",
        )
        .unwrap();
        let t = Templates::load(dir.path()).unwrap();
        assert_eq!(t.list.len(), BUILTIN.len());
        assert_eq!(t.list[0].name, "nfhs");
        assert_ne!(t.fingerprint, Templates::builtin().fingerprint);
        std::fs::write(dir.path().join("b.toml"), "garbage = [").unwrap();
        let err = format!("{:#}", Templates::load(dir.path()).unwrap_err());
        assert!(err.contains("b.toml"), "{err}");
    }
}
