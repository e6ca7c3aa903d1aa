//! watch: decides *when* to run again after inbox changes. Not built yet: `coachcheck
//! watch` says so and exits 2.
