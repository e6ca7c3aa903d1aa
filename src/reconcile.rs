//! reconcile: roster + extractions + matches + policy → the report model. Pure: no I/O.
