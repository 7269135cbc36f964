//! Every process a test starts goes through here: with an environment of the test's own
//! making, never the developer's (their `DISPLAY`, their `~/.asoundrc` through
//! `XDG_CONFIG_HOME`, their `GONG_*` variables), and with a deadline, so a program that
//! hangs fails its test with what it printed instead of holding the whole run.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// How long a command that opens no window may take: `check`, `add`, `report`, an export
/// of a dozen slides in a debug build on two busy cores.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// How long a desktop tool may take (`xdotool key`, `import -window root`).
pub const TOOL_DEADLINE: Duration = Duration::from_secs(20);

/// `command` with nothing inherited but a plain `PATH` and a UTF-8 locale. Tests add what
/// the program under test needs (`DISPLAY`, `ALSA_CONFIG_PATH`, …) explicitly.
pub fn clean(command: &mut Command) -> &mut Command {
    command
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LANG", "C.UTF-8")
        // None of the machine's fonts: what gong draws and checks must not depend on
        // them (a test that wants some names their folder).
        .env("GONG_FONT_DIRS", "")
}

/// Runs xdotool against `display` (a key, a pointer move), with the desktop tools'
/// deadline.
pub fn xdotool(display: &str, args: &[&str]) -> Output {
    let mut command = Command::new("xdotool");
    clean(&mut command).args(args).env("DISPLAY", display);
    output_within(&mut command, TOOL_DEADLINE)
}

/// Runs `command` to its end with its output captured, killing it and failing the test
/// if it outlives `limit`.
pub fn output_within(command: &mut Command, limit: Duration) -> Output {
    let description = format!("{command:?}");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {description}: {error}"));
    // Read both pipes on threads of their own: a child that fills one pipe while the
    // test waits on the other would never exit.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_within(&mut child, limit);
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    match status {
        Some(status) => Output {
            status,
            stdout,
            stderr,
        },
        None => panic!(
            "{description} did not finish within {limit:?}: killed\n--- stdout:\n{}\n--- stderr:\n{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        ),
    }
}

/// Waits for `child` to exit; past `limit` it is killed, reaped, and `None` returned.
pub fn wait_within(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}
