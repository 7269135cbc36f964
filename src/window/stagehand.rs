//! The stagehand: a thread with an X connection of its own that does what the window
//! loop cannot do while it sleeps waiting for X events. It wakes the loop at the moment
//! the loop asked for (the clock's next second, a warning, time-up) or when another
//! thread asks (a picture decoded).
//!
//! Why a thread and a connection of its own: the windowing library blocks in
//! `XNextEvent` on its connection, and the only thing that ends that wait is an event.
//! Its own "wake up" request (`schedule_update`) is not one, and calling it from another
//! thread races the library's `try_lock().unwrap()` on its display state (a crash on
//! stage). So the loop asks for a frame only on its own thread, and everything else
//! reaches it as an X event sent to its window (`x11::Connection::wake`).
//!
//! Why a wake is sent again until a frame answers it: when events arrive while the loop
//! is busy painting, the library reads them at its next turn and then blocks for one
//! event more, even though they asked for a frame (miniquad 0.4's X11 loop counts the
//! pending events plus one). A wake, or a key press, that lands while a frame is being
//! painted would wait for the next event after it: a key's release, or the next second.
//! So the stagehand watches its own copy of the window's key presses, and after each
//! wake or press it sends a wake again, a few milliseconds apart, until the loop reports
//! a frame that had read every press it saw and the wake that asked (`Heard`). Counts,
//! not times: a frame can start after a press arrived yet have read its events before
//! it, and a time would call that press answered (it then waited for the next second).
//! A click landing then waits for its button's release (only one client may watch a
//! window's clicks).

use std::io::{PipeReader, PipeWriter, Read, Write};
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::x11::{Connection, X11Error, Xid};

/// The window's class (WM_CLASS), so window-manager rules can place it, and what the
/// stagehand looks for to find the window.
pub(crate) const CLASS: &str = "gong";

/// A wake no frame has answered is sent again every `RESEND_EVERY` for `RESEND_OFTEN`
/// (a frame being painted takes a few milliseconds: the loop blocks only briefly after
/// it), then twice as long each time up to `RESEND_AT_MOST` (a frame that takes seconds
/// gets a few more, not thousands).
const RESEND_EVERY: Duration = Duration::from_millis(2);
const RESEND_OFTEN: Duration = Duration::from_millis(30);
const RESEND_AT_MOST: Duration = Duration::from_millis(100);

/// Lets another thread wake the window loop: the picture changed without a key press
/// (a picture decoded; a remote view's command). Cheap to clone; waking a window that
/// has closed does nothing.
#[derive(Debug, Clone)]
pub struct Waker {
    orders: Option<Orders>,
}

impl Waker {
    /// A waker that wakes nothing (a window without a stagehand polls instead).
    pub(crate) fn none() -> Waker {
        Waker { orders: None }
    }

    pub(crate) fn wake(&self) {
        if let Some(orders) = &self.orders {
            orders.send(Order::WakeNow);
        }
    }
}

#[derive(Debug)]
enum Order {
    /// The window exists: find it by the loop's GL drawable (`x11::current_drawable`).
    Attach {
        drawable: Xid,
    },
    /// A frame started, having read this much.
    Started(Heard),
    /// Wake the loop at this moment (replaces the moment asked for before).
    WakeAt(Instant),
    WakeNow,
    Stop,
}

/// The way to the stagehand's thread: the orders, and a bell (a pipe) that ends its
/// wait, which is on its X connection and the bell at once.
#[derive(Debug, Clone)]
struct Orders {
    sender: Sender<Order>,
    bell: Arc<PipeWriter>,
}

impl Orders {
    fn send(&self, order: Order) {
        if self.sender.send(order).is_ok() {
            // Non-blocking: a full pipe rings already.
            let _ = (&*self.bell).write(&[1]);
        }
    }
}

/// What the window loop had read when a frame started: every X key press on its window,
/// and the stagehand's wakes, counted since it opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Heard {
    pub presses: u64,
    pub wakes: u64,
}

/// Whether the stagehand found the window, so the loop may sleep on X events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attached {
    Pending,
    Yes,
    No,
}

#[derive(Debug, Default)]
struct Shared {
    attached: AtomicU8,
}

/// The window loop's end of the stagehand.
pub(crate) struct Stagehand {
    orders: Orders,
    thread: Option<JoinHandle<()>>,
    shared: Arc<Shared>,
}

/// Why the stagehand did not start.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StartError {
    /// No X connection of its own: the window still opens, and polls.
    #[error(transparent)]
    X11(#[from] X11Error),
    #[error("cannot start the stagehand: {0}")]
    Thread(std::io::Error),
}

/// A pipe whose ends never block: the bell is only ever a wake-up.
fn bell() -> std::io::Result<(PipeReader, PipeWriter)> {
    let (reader, writer) = std::io::pipe()?;
    for fd in [reader.as_raw_fd(), writer.as_raw_fd()] {
        // SAFETY: fcntl on a descriptor this function owns, with flags read from it.
        let done = unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            flags >= 0 && libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) == 0
        };
        if !done {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok((reader, writer))
}

impl Stagehand {
    /// Opens its X connection and starts the thread.
    pub(crate) fn start() -> Result<Stagehand, StartError> {
        let connection = Connection::open()?;
        let shared = Arc::new(Shared::default());
        let (sender, inbox) = mpsc::channel();
        let (ringing, bell) = bell().map_err(StartError::Thread)?;
        let hand = Hand {
            x: connection,
            window: None,
            answers: Answers::new(),
            shared: Arc::clone(&shared),
        };
        let thread = std::thread::Builder::new()
            .name("gong-stagehand".into())
            .spawn(move || hand.run(&inbox, ringing))
            .map_err(StartError::Thread)?;
        Ok(Stagehand {
            orders: Orders {
                sender,
                bell: Arc::new(bell),
            },
            thread: Some(thread),
            shared,
        })
    }

    /// Called on the window loop's thread once the window is up.
    pub(crate) fn attach(&self, drawable: Xid) {
        self.orders.send(Order::Attach { drawable });
    }

    pub(crate) fn attached(&self) -> Attached {
        match self.shared.attached.load(Ordering::Acquire) {
            1 => Attached::Yes,
            2 => Attached::No,
            _ => Attached::Pending,
        }
    }

    /// A frame started, the window having read `heard`.
    pub(crate) fn started(&self, heard: Heard) {
        self.orders.send(Order::Started(heard));
    }

    pub(crate) fn wake_at(&self, at: Instant) {
        self.orders.send(Order::WakeAt(at));
    }

    pub(crate) fn waker(&self) -> Waker {
        Waker {
            orders: Some(self.orders.clone()),
        }
    }
}

impl Drop for Stagehand {
    /// Stops the thread before the window goes: the thread must not outlive the loop
    /// it serves.
    fn drop(&mut self) {
        self.orders.send(Order::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Waits until the X connection or the bell has something, or `until`.
fn wait(socket: i32, bell: &PipeReader, until: Option<Instant>) {
    let mut fds = [
        libc::pollfd {
            fd: socket,
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: bell.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    let timeout = until.map(|until| {
        let left = until.saturating_duration_since(Instant::now());
        libc::timespec {
            tv_sec: libc::time_t::try_from(left.as_secs()).unwrap_or(libc::time_t::MAX),
            tv_nsec: libc::c_long::from(left.subsec_nanos()),
        }
    });
    let timeout_ptr = timeout
        .as_ref()
        .map_or(std::ptr::null(), |timeout| timeout as *const libc::timespec);
    // SAFETY: two initialised pollfds, a timeout that outlives the call (or none), and
    // no signal mask change. An interrupted wait (EINTR) just returns early.
    unsafe {
        libc::ppoll(fds.as_mut_ptr(), 2, timeout_ptr, std::ptr::null());
    }
}

/// The thread's side: the connection and the window.
struct Hand {
    x: Connection,
    window: Option<Xid>,
    answers: Answers,
    shared: Arc<Shared>,
}

impl Hand {
    fn run(mut self, inbox: &Receiver<Order>, mut bell: PipeReader) {
        let mut wake_at: Option<Instant> = None;
        loop {
            loop {
                let order = match inbox.try_recv() {
                    Ok(order) => order,
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => return,
                };
                match order {
                    Order::Started(heard) => self.answers.started(heard, Instant::now()),
                    Order::WakeAt(at) => wake_at = Some(at),
                    Order::WakeNow => self.wake(),
                    Order::Attach { drawable } => self.attach(drawable),
                    Order::Stop => return,
                }
            }
            // The loop is woken only once its moment has come, so the frame it paints
            // reads a clock at or past it.
            let now = Instant::now();
            if wake_at.is_some_and(|at| at <= now) {
                wake_at = None;
                self.wake();
            }
            // After the frames reported above: a wake they answered is not sent again.
            if self.answers.resend_due(now) && self.send_wake() {
                self.answers.resent(now);
            }
            // Last, after every request above that may have read events in passing.
            let presses = self.x.key_presses();
            if presses > 0 && self.window.is_some() {
                self.answers.pressed(presses as u64, Instant::now());
            }
            let until = [wake_at, self.answers.resend_at]
                .into_iter()
                .flatten()
                .min();
            wait(self.x.socket(), &bell, until);
            let mut rung = [0; 64];
            while matches!(bell.read(&mut rung), Ok(n) if n > 0) {}
        }
    }

    fn wake(&mut self) {
        if self.send_wake() {
            self.answers.asked(Instant::now());
        }
    }

    /// Sends a wake to the window, if there is one yet.
    fn send_wake(&mut self) -> bool {
        let Some(window) = self.window else {
            return false;
        };
        self.x.wake(window);
        self.answers.wake_sent();
        true
    }

    fn attach(&mut self, drawable: Xid) {
        self.window = self.x.find_window(CLASS, drawable);
        if let Some(window) = self.window {
            self.x.watch_keys(window);
        }
        let attached = if self.window.is_some() { 1 } else { 2 };
        self.shared.attached.store(attached, Ordering::Release);
    }
}

/// What the loop must answer with a frame, against what the last frame to start had
/// read: every key press seen on the window, and every wake that asked for a frame.
/// A wake sent again only nudges a loop that may be stuck: it is counted, since the
/// loop counts it among what it read, but it asks for nothing itself. (Were it to, a
/// frame that read the first wake while the second was on its way would need another
/// frame, whose start would race the next resend: a still slide painted three times a
/// second on a busy machine.)
#[derive(Debug)]
struct Answers {
    /// The presses seen and the wakes sent, resends included.
    sent: Heard,
    /// How many of the wakes sent a frame must have read: up to the last that asked.
    asked_wakes: u64,
    heard: Heard,
    /// Since when something has waited for a frame that read it, and when to send the
    /// wake again.
    unanswered: Option<Instant>,
    resend: Duration,
    resend_at: Option<Instant>,
}

impl Answers {
    fn new() -> Answers {
        Answers {
            sent: Heard::default(),
            asked_wakes: 0,
            heard: Heard::default(),
            unanswered: None,
            resend: RESEND_EVERY,
            resend_at: None,
        }
    }

    /// A wake went to the window, asking or resending.
    fn wake_sent(&mut self) {
        self.sent.wakes += 1;
    }

    /// A wake that asks for a frame was sent (and counted by `wake_sent`).
    fn asked(&mut self, now: Instant) {
        self.asked_wakes = self.sent.wakes;
        self.settle(now);
    }

    /// Key presses seen on the window.
    fn pressed(&mut self, presses: u64, now: Instant) {
        self.sent.presses += presses;
        self.settle(now);
    }

    /// A frame started, having read `heard`.
    fn started(&mut self, heard: Heard, now: Instant) {
        self.heard = heard;
        self.settle(now);
    }

    fn resend_due(&self, now: Instant) -> bool {
        self.resend_at.is_some_and(|at| at <= now)
    }

    /// The wake went out again (and was counted by `wake_sent`): the next one comes later.
    fn resent(&mut self, now: Instant) {
        let waiting = self
            .unanswered
            .map_or(Duration::ZERO, |since| now.saturating_duration_since(since));
        if waiting > RESEND_OFTEN {
            self.resend = (self.resend * 2).min(RESEND_AT_MOST);
        }
        self.resend_at = Some(now + self.resend);
    }

    /// Answered once a frame has read every press seen and every wake that asked; until
    /// then the loop is woken again, from `now` on.
    fn settle(&mut self, now: Instant) {
        let answered =
            self.heard.presses >= self.sent.presses && self.heard.wakes >= self.asked_wakes;
        if answered {
            self.unanswered = None;
            self.resend_at = None;
        } else if self.unanswered.is_none() {
            self.unanswered = Some(now);
            self.resend = RESEND_EVERY;
            self.resend_at = Some(now + self.resend);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn send(answers: &mut Answers) {
        answers.wake_sent();
    }

    #[test]
    fn a_wake_is_sent_again_until_a_frame_reads_it() {
        let start = Instant::now();
        let mut answers = Answers::new();
        send(&mut answers);
        answers.asked(start);
        assert!(!answers.resend_due(start + MS));
        assert!(answers.resend_due(start + RESEND_EVERY));
        send(&mut answers);
        answers.resent(start + RESEND_EVERY);
        // A frame that started before the wake arrived read nothing of it.
        answers.started(Heard::default(), start + 3 * MS);
        assert!(answers.resend_due(start + 2 * RESEND_EVERY));
        answers.started(
            Heard {
                presses: 0,
                wakes: 1,
            },
            start + 5 * MS,
        );
        assert_eq!(answers.resend_at, None);
    }

    #[test]
    fn a_frame_that_read_the_asking_wake_answers_the_resends_on_their_way() {
        let start = Instant::now();
        let mut answers = Answers::new();
        send(&mut answers);
        answers.asked(start);
        send(&mut answers);
        answers.resent(start + RESEND_EVERY);
        // The frame read the first wake; the resend reaches the loop while it paints.
        answers.started(
            Heard {
                presses: 0,
                wakes: 1,
            },
            start + 3 * MS,
        );
        assert_eq!(answers.resend_at, None, "{answers:?}");
        // The next asking wake wants a frame that read everything sent before it.
        send(&mut answers);
        answers.asked(start + 1000 * MS);
        answers.started(
            Heard {
                presses: 0,
                wakes: 2,
            },
            start + 1001 * MS,
        );
        assert!(answers.resend_at.is_some(), "{answers:?}");
        answers.started(
            Heard {
                presses: 0,
                wakes: 3,
            },
            start + 1002 * MS,
        );
        assert_eq!(answers.resend_at, None);
    }

    #[test]
    fn a_press_is_answered_only_by_a_frame_that_read_it() {
        let start = Instant::now();
        let mut answers = Answers::new();
        answers.pressed(1, start);
        answers.started(
            Heard {
                presses: 0,
                wakes: 0,
            },
            start + MS,
        );
        assert!(answers.resend_due(start + RESEND_EVERY));
        answers.started(
            Heard {
                presses: 1,
                wakes: 0,
            },
            start + 3 * MS,
        );
        assert_eq!(answers.resend_at, None);
    }

    #[test]
    fn resends_slow_down_for_a_frame_that_takes_long() {
        let start = Instant::now();
        let mut answers = Answers::new();
        send(&mut answers);
        answers.asked(start);
        let mut now = start;
        let mut gaps = Vec::new();
        while now < start + Duration::from_secs(1) {
            now = answers.resend_at.expect("unanswered");
            send(&mut answers);
            answers.resent(now);
            gaps.push(answers.resend);
        }
        assert_eq!(gaps.first(), Some(&RESEND_EVERY));
        assert_eq!(gaps.last(), Some(&RESEND_AT_MOST));
        assert!(gaps.len() < 40, "{} resends in a second", gaps.len());
    }
}
