//! Exit statuses of every command (SPEC §2): one enum, one mapping.

/// How a command ended; mapped to the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// The run completed, whatever it found (0).
    Completed,
    /// The run failed: I/O, config, lock, email delivery (1).
    Failed,
    /// Bad usage (2).
    Usage,
    /// `--fail-on-findings` and at least one `action` or `review` finding (3).
    Findings,
}

impl ExitStatus {
    /// The process exit code for this status.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Completed => 0,
            ExitStatus::Failed => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Findings => 3,
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn codes_follow_the_spec() {
        assert_eq!(ExitStatus::Completed.code(), 0);
        assert_eq!(ExitStatus::Failed.code(), 1);
        assert_eq!(ExitStatus::Usage.code(), 2);
        assert_eq!(ExitStatus::Findings.code(), 3);
    }
}
