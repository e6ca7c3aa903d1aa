//! role: reads a role cell (`Head Coach`, `HC`, `Asst. Coach`, `Team Manager`, `U10 Coach`,
//! `Entrenador`, …) into a [`Role`] (SPEC §4). Pure.
//!
//! Rules, in order: a cell naming a coach (`coach`, `head`, `HC`, `AC`, `entrenador`) is an
//! assistant coach when it also says assistant (`Assistant`, `Asst`, `AC`, `asistente`), else a
//! head coach — so `Coach`, `Co-Coach` and `Goalkeeper Coach` are all checked as coaches.
//! Otherwise `Manager`, `Team Manager`, `TM`, `Mgr` is a team manager; `Assistant`/`Asst`
//! alone is an assistant coach; anything else (`Team Parent`, `Referee`) is `other`.
//! A blank cell is a head coach: on a coach roster an unnamed role gets every check.

use crate::roster::Role;

const COACH_WORDS: &[&str] = &[
    "coach",
    "coaches",
    "head",
    "hc",
    "ac",
    "entrenador",
    "entrenadora",
];
const ASSISTANT_WORDS: &[&str] = &[
    "assistant",
    "asst",
    "assist",
    "ast",
    "ac",
    "asistente",
    "assistantcoach",
];
const MANAGER_WORDS: &[&str] = &["manager", "mgr", "tm", "teammanager", "manger"];

/// Reads a role cell; see the module doc for the rules.
pub fn parse_role(raw: &str) -> Role {
    let folded = crate::roster::names::fold(raw);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Role::HeadCoach;
    }
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let joined: String = words.concat();
    if joined == "headcoach" || joined == "hc" {
        return Role::HeadCoach;
    }
    if has(COACH_WORDS) || joined.contains("coach") {
        if has(ASSISTANT_WORDS) || joined.starts_with("asst") || joined.starts_with("assistant") {
            return Role::AssistantCoach;
        }
        return Role::HeadCoach;
    }
    if has(MANAGER_WORDS) || joined.contains("manager") {
        return Role::TeamManager;
    }
    if has(ASSISTANT_WORDS) {
        return Role::AssistantCoach;
    }
    Role::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_role_vocabularies_of_real_exports() {
        let cases = [
            ("Head Coach", Role::HeadCoach),
            ("HEAD COACH", Role::HeadCoach),
            ("HC", Role::HeadCoach),
            ("Coach", Role::HeadCoach),
            ("U10 Coach", Role::HeadCoach),
            ("Co-Coach", Role::HeadCoach),
            ("HeadCoach", Role::HeadCoach),
            ("Entrenador", Role::HeadCoach),
            ("", Role::HeadCoach),
            ("Assistant Coach", Role::AssistantCoach),
            ("Asst. Coach", Role::AssistantCoach),
            ("Asst Coach", Role::AssistantCoach),
            ("AC", Role::AssistantCoach),
            ("Assistant", Role::AssistantCoach),
            ("AssistantCoach", Role::AssistantCoach),
            ("Assistant Head Coach", Role::AssistantCoach),
            ("Entrenador Asistente", Role::AssistantCoach),
            ("Manager", Role::TeamManager),
            ("Team Manager", Role::TeamManager),
            ("TM", Role::TeamManager),
            ("Team Mgr", Role::TeamManager),
            ("TeamManager", Role::TeamManager),
            ("Team Parent", Role::Other),
            ("Referee", Role::Other),
            ("Board Member", Role::Other),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_role(raw), expected, "{raw:?}");
        }
    }
}
