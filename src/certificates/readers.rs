//! Long-lived reader threads. A certificate is read on one of them rather than on the
//! caller's thread, for two reasons: the PDF parser recurses on nested objects and needs a
//! big stack, and a reader that overruns its deadline can be abandoned (the caller stops
//! waiting and a fresh reader takes its place) instead of hanging the run. Readers are
//! reused across files and runs, so the cost of a thread is paid once per worker, not once
//! per certificate.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::Explanation;

/// Name of every reader thread (the panic hook stays quiet for them).
pub(crate) const THREAD_NAME: &str = "certificate-reader";
/// Stack of a reader thread (lopdf's parser recurses on nested objects).
const STACK: usize = 64 * 1024 * 1024;

/// One unit of work for a reader.
pub(super) type Job = Box<dyn FnOnce() -> Explanation + Send + 'static>;
/// What comes back from a reader.
type Answer = Box<Explanation>;

/// How a job ended.
pub(super) enum Outcome {
    /// The reader finished in time.
    Done(Box<Explanation>),
    /// The reader did not answer in time; it was abandoned.
    TimedOut,
    /// The reader stopped without an answer.
    Lost,
    /// No reader thread could be started: the job is handed back to run in place.
    NoThread(Job),
}

/// An idle reader: where to send a job, where its answer comes back.
struct Reader {
    jobs: mpsc::Sender<Job>,
    answers: mpsc::Receiver<Answer>,
}

/// Readers waiting for work. At most one per concurrent caller is ever created.
static IDLE: Mutex<Vec<Reader>> = Mutex::new(Vec::new());

/// Runs `job` on a reader thread, waiting at most `wait` for the answer.
pub(super) fn run(job: Job, wait: Duration) -> Outcome {
    let idle = IDLE.lock().unwrap_or_else(PoisonError::into_inner).pop();
    let reader = match idle {
        Some(reader) => reader,
        None => match spawn() {
            Ok(reader) => reader,
            Err(_) => return Outcome::NoThread(job),
        },
    };
    if let Err(mpsc::SendError(job)) = reader.jobs.send(job) {
        return Outcome::NoThread(job);
    }
    match reader.answers.recv_timeout(wait) {
        Ok(explanation) => {
            IDLE.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(reader);
            Outcome::Done(explanation)
        }
        // Dropping the reader closes its job channel: the thread ends when its job does.
        Err(RecvTimeoutError::Timeout) => Outcome::TimedOut,
        Err(RecvTimeoutError::Disconnected) => Outcome::Lost,
    }
}

fn spawn() -> std::io::Result<Reader> {
    let (jobs, job_queue) = mpsc::channel::<Job>();
    let (answer, answers) = mpsc::channel();
    std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .stack_size(STACK)
        .spawn(move || {
            for job in job_queue {
                if answer.send(Box::new(job())).is_err() {
                    break;
                }
            }
        })?;
    Ok(Reader { jobs, answers })
}
