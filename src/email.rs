//! email: builds the report message and delivers it (SMTP, sendmail or a `.eml` file).
//! Not built yet: `coachcheck email` and `run --email` say so and exit 2.
