//! rules: the requirement checks that are not "certificates of these courses": the
//! background check (status words from rosters and lists) and the identity rule (the name
//! and email on a certificate against the roster's). Every other requirement is data
//! evaluated by [`crate::policy::evaluate`].

pub mod background_check;
pub mod identity;
