//! What the operator's side takes and leaves (issue 15): files written for
//! the operator or for her are private and never written through a link;
//! files read (dialogs, config) are small regular files; restore replaces
//! nothing but an empty store; the admin socket and the metrics listener
//! bound what a client can make the bot hold, and pause when accepts fail.

use crate::cli::{copy_dir, run};
use crate::fake_api::FakeApi;
use crate::process::{http_get, spawn_bot_with};
use crate::util::{bin, root};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A backup of one conversation (chat 77), made by `restride backup`.
fn a_backup(dir: &std::path::Path) -> std::path::PathBuf {
    use restride::store::Store;
    let data = dir.join("source");
    let store = restride::store::SledStore::open(&data, 8).unwrap();
    store
        .commit(restride::store::Commit {
            chat: 77,
            session: Some(restride::engine::Session::new("intake", 1, "h", 5)),
            ..Default::default()
        })
        .unwrap();
    store.flush().unwrap();
    drop(store);
    let file = dir.join("backup.json");
    let (code, _, err) = run(&[
        "backup",
        &file.display().to_string(),
        "--data-dir",
        &data.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    file
}

/// `restore` replaces nothing but an empty store: a directory holding other
/// files, or a store holding any data (clinic data without a session
/// included), is refused and left as it was.
#[test]
fn restore_refuses_other_files_and_any_data_and_deletes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let file = a_backup(dir.path()).display().to_string();
    let restore = |into: &std::path::Path| {
        run(&["restore", &file, "--data-dir", &into.display().to_string()])
    };
    let restored = |into: &std::path::Path| {
        use restride::store::Store;
        let store = restride::store::SledStore::open(into, 8).unwrap();
        store.session(77).unwrap().is_some()
    };

    // A directory with the operator's other files.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    std::fs::create_dir(other.join("photos")).unwrap();
    let (code, _, err) = restore(&other);
    assert_ne!(code, 0, "restored over other files");
    assert!(
        err.contains("notes.txt, photos") && err.contains("new or empty data directory"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(other.join("photos").is_dir());

    // A store with clinic data but no session.
    let clinic = dir.path().join("clinic");
    {
        let store = restride::store::SledStore::open(&clinic, 8).unwrap();
        let tree = store.db().open_tree("v1/clinics").unwrap();
        tree.insert(b"staff-of-north", b"42".to_vec()).unwrap();
        store.db().flush().unwrap();
    }
    let (code, _, err) = restore(&clinic);
    assert_ne!(code, 0, "restored over clinic data");
    assert!(err.contains("already holds data"), "{err}");
    {
        let store = restride::store::SledStore::open(&clinic, 8).unwrap();
        let tree = store.db().open_tree("v1/clinics").unwrap();
        assert!(tree.get(b"staff-of-north").unwrap().is_some());
    }

    // An empty store (a bot started once), an empty directory and a new one.
    let empty_store = dir.path().join("empty-store");
    drop(restride::store::SledStore::open(&empty_store, 8).unwrap());
    let empty_dir = dir.path().join("empty-dir");
    std::fs::create_dir(&empty_dir).unwrap();
    for into in [empty_store, empty_dir, dir.path().join("new")] {
        let (code, _, err) = restore(&into);
        assert_eq!(code, 0, "{}: {err}", into.display());
        assert!(restored(&into), "{}", into.display());
    }
}

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn world_readable(p: &std::path::Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(p, text).unwrap();
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// `backup FILE`, `export -o FILE` and `link --qr FILE` over an existing
/// 0644 file leave it 0600; through a symbolic link they write nothing.
#[cfg(unix)]
#[test]
fn files_written_for_the_operator_become_private_and_links_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data").display().to_string();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[bot]\nusername = \"b\"\n\n[clinics.north]\nname = \"North\"\n",
    )
    .unwrap();
    let cfg = cfg.display().to_string();
    drop(restride::store::SledStore::open(&dir.path().join("data"), 8).unwrap());
    let target = dir.path().join("elsewhere");
    let commands: [(&str, Vec<&str>); 4] = [
        ("backup.json", vec!["backup", "{}", "--data-dir", &data]),
        (
            "export.csv",
            vec![
                "export",
                "--clinic",
                "north",
                "-o",
                "{}",
                "--config",
                &cfg,
                "--data-dir",
                &data,
            ],
        ),
        (
            "poster.svg",
            vec![
                "link",
                "north",
                "--qr",
                "{}",
                "--config",
                &cfg,
                "--data-dir",
                &data,
            ],
        ),
        (
            "poster.png",
            vec![
                "link",
                "north",
                "--qr",
                "{}",
                "--config",
                &cfg,
                "--data-dir",
                &data,
            ],
        ),
    ];
    for (name, args) in commands {
        let path = dir.path().join(name);
        let p = path.display().to_string();
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "{}" { p.as_str() } else { *a })
            .collect();
        world_readable(&path, "old");
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{name}: {err}");
        assert_eq!(mode(&path), 0o600, "{name} is private");
        assert_ne!(std::fs::read(&path).unwrap(), b"old", "{name} was written");

        std::fs::remove_file(&path).unwrap();
        world_readable(&target, "keep");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let (code, _, err) = run(&args);
        assert_ne!(code, 0, "{name} was written through a link");
        assert!(err.contains("symbolic link"), "{name}: {err}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep", "{name}");
        assert_eq!(mode(&target), 0o644, "{name}");
        std::fs::remove_file(&path).unwrap();
    }
}

/// `restride chat` writes her `/mydata` file private over an existing one,
/// and not through a link.
#[cfg(unix)]
#[test]
fn chat_writes_her_data_private_and_not_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let file = data.join("restride-my-data.json");
    let chat = || {
        use std::io::Write;
        let mut child = Command::new(bin())
            .args(["chat", "--data-dir", &data.display().to_string()])
            .current_dir(root())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"/mydata\n").unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    world_readable(&file, "old");
    let (ok, out, err) = chat();
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("[file: {}]", file.display())),
        "{out}"
    );
    assert_eq!(mode(&file), 0o600);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"about\"")
    );

    std::fs::remove_file(&file).unwrap();
    let target = dir.path().join("elsewhere");
    world_readable(&target, "keep");
    std::os::unix::fs::symlink(&target, &file).unwrap();
    let (ok, _, err) = chat();
    assert!(!ok, "written through a link");
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}

/// Runs the binary, killed after 20 s (a read that blocks fails the test
/// instead of hanging it).
#[cfg(unix)]
fn run_for_a_while(args: &[&str]) -> (i32, String) {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(root())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} did not finish in 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
fn fifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.display().to_string()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// The dialogs loader and the config reader take regular files of at most
/// 1 MiB: a link to `/dev/zero`, a FIFO or a larger file is refused before
/// it is read, with the file named and what to change.
#[cfg(unix)]
#[test]
fn dialog_and_config_files_must_be_small_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = dir.path().join("dialogs");
    copy_dir(&root().join("dialogs"), &dialogs);
    let d = dialogs.display().to_string();
    let bad = dialogs.join("intake/zz-bad.yaml");
    // A link to a regular file is read like the file.
    let consent = dialogs.join("intake/01-consent.yaml");
    let moved = dir.path().join("consent.yaml");
    std::fs::rename(&consent, &moved).unwrap();
    std::os::unix::fs::symlink(&moved, &consent).unwrap();
    let (code, err) = run_for_a_while(&["check", &d]);
    assert_eq!(code, 0, "{err}");

    fifo(&bad);
    let (code, err) = run_for_a_while(&["check", &d]);
    assert_ne!(code, 0);
    assert!(
        err.contains("intake/zz-bad.yaml: this is a FIFO, not a regular file"),
        "{err}"
    );
    std::fs::remove_file(&bad).unwrap();

    std::fs::write(&bad, format!("# {}\n", "x".repeat(2 << 20))).unwrap();
    let (code, err) = run_for_a_while(&["check", &d]);
    assert_ne!(code, 0);
    assert!(
        err.contains("intake/zz-bad.yaml: the file has")
            && err.contains("at most 1 MiB is read; split it into smaller files"),
        "{err}"
    );
    std::fs::remove_file(&bad).unwrap();

    std::os::unix::fs::symlink("/dev/zero", &bad).unwrap();
    let (code, err) = run_for_a_while(&["check", &d]);
    assert_ne!(code, 0);
    assert!(
        err.contains("intake/zz-bad.yaml: this is a device, not a regular file"),
        "{err}"
    );

    // The config file: a FIFO and a file of 2 MiB.
    let cfg = dir.path().join("config.toml");
    fifo(&cfg);
    let c = cfg.display().to_string();
    let (code, err) = run_for_a_while(&["link", "north", "--config", &c]);
    assert_ne!(code, 0);
    assert!(
        err.contains("config.toml: cannot read the config file: this is a FIFO"),
        "{err}"
    );
    std::fs::remove_file(&cfg).unwrap();
    std::fs::write(&cfg, format!("# {}\n", "x".repeat(2 << 20))).unwrap();
    let (code, err) = run_for_a_while(&["link", "north", "--config", &c]);
    assert_ne!(code, 0);
    assert!(
        err.contains("at most 1 MiB is read; a config file is a few KiB"),
        "{err}"
    );
}

/// The bot's metrics port, from its log (it listens on port 0).
#[cfg(target_os = "linux")]
fn metrics_port(data: &Path) -> u16 {
    let start = Instant::now();
    loop {
        let log = std::fs::read_to_string(data.with_extension("log")).unwrap_or_default();
        let port = log
            .lines()
            .rev()
            .find_map(|l| l.split("addr=127.0.0.1:").nth(1))
            .and_then(|p| p.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|p| p.parse().ok());
        if let Some(p) = port {
            return p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no metrics port: {log}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Connects to the bot's admin socket once it is there.
#[cfg(target_os = "linux")]
fn admin(data: &Path) -> std::os::unix::net::UnixStream {
    let start = Instant::now();
    loop {
        if let Ok(s) = std::os::unix::net::UnixStream::connect(data.join("admin.sock")) {
            return s;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no admin socket");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A line the bot answers on the admin socket (within `wait`).
#[cfg(target_os = "linux")]
fn answer(s: &std::os::unix::net::UnixStream, wait: Duration) -> String {
    use std::io::BufRead;
    s.set_read_timeout(Some(wait)).unwrap();
    let mut line = String::new();
    std::io::BufReader::new(s)
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("no answer within {wait:?}: {e}"));
    line
}

/// What is left of the bot's answer, to its end (within 20 s).
#[cfg(target_os = "linux")]
fn to_end(s: &std::os::unix::net::UnixStream) -> String {
    use std::io::Read;
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut rest = Vec::new();
    (&*s)
        .read_to_end(&mut rest)
        .unwrap_or_else(|e| panic!("the answer did not end: {e}"));
    String::from_utf8_lossy(&rest).into_owned()
}

/// The most memory the process has held (VmHWM, bytes).
#[cfg(target_os = "linux")]
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb * 1024
}

/// The admin socket reads one line of at most 64 KiB (a longer one is
/// answered with an error and the connection closed, without the bot
/// holding it in memory), gives a client 10 s to send it, and serves four
/// connections at a time (a fifth is told the bot is busy).
#[cfg(target_os = "linux")]
#[test]
fn the_admin_socket_bounds_request_size_idle_time_and_connections() {
    use std::io::Write;
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bot = spawn_bot_with(&api, &data, "");
    // One whole request first: once its answer has ended, its place is back.
    let mut first = admin(&data);
    first.write_all(b"{\"op\":\"nothing\"}\n").unwrap();
    assert!(to_end(&first).contains("unreadable request"));
    let before = peak_memory(bot.id());

    // 64 MiB without a newline.
    let long = admin(&data);
    let mut w = long.try_clone().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'x'; 1 << 20];
        (0..64).take_while(|_| w.write_all(&chunk).is_ok()).count()
    });
    let line = answer(&long, Duration::from_secs(10));
    assert!(
        line.contains("\"error\"") && line.contains("longer than 64 KiB"),
        "{line}"
    );
    let written = writer.join().unwrap();
    assert!(written < 64, "the bot took the whole 64 MiB line");
    // The bot has given its place back once the answer has ended.
    to_end(&long);
    let grown = peak_memory(bot.id()).saturating_sub(before);
    assert!(grown < 16 << 20, "the bot grew by {} MiB", grown >> 20);

    // Four idle clients hold every place; a fifth is told at once.
    let idle: Vec<_> = (0..4).map(|_| admin(&data)).collect();
    let opened = Instant::now();
    std::thread::sleep(Duration::from_millis(500));
    let fifth = admin(&data);
    // (Up to 8 s on a loaded machine: the idle four are let go at 10 s.)
    let line = answer(&fifth, Duration::from_secs(8));
    assert!(
        line.contains("already serving 4 operator commands"),
        "{line}"
    );
    // Each idle client is told after 10 s and the connection closed.
    for s in &idle {
        let line = answer(s, Duration::from_secs(20));
        assert!(line.contains("no request came within 10 s"), "{line}");
    }
    let waited = opened.elapsed();
    assert!(
        waited >= Duration::from_secs(9) && waited < Duration::from_secs(15),
        "{waited:?}"
    );
    // And the socket serves again.
    let mut s = admin(&data);
    s.write_all(b"{\"op\":\"nothing\"}\n").unwrap();
    let line = answer(&s, Duration::from_secs(10));
    assert!(line.contains("unreadable request"), "{line}");
}

/// CPU seconds the process has used (user and system).
#[cfg(target_os = "linux")]
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<u64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .map(|v| v.parse().unwrap())
        .collect();
    let tick = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    (f[0] + f[1]) as f64 / tick
}

/// With no file descriptor left, the admin socket and the metrics listener
/// pause between failed accepts (10 ms doubling to 1 s) instead of
/// spinning, and each says so once.
#[cfg(target_os = "linux")]
#[test]
fn accept_loops_pause_when_out_of_file_descriptors() {
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bot = spawn_bot_with(&api, &data, "[http]\nlisten = \"127.0.0.1:0\"\n");
    let port = metrics_port(&data);
    assert!(http_get(port, "/healthz").ends_with("ok\n"));
    drop(admin(&data));
    std::thread::sleep(Duration::from_millis(300));
    // No descriptor left: the limit is what it has open.
    let pid = bot.id();
    let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count() as u64;
    let limit = libc::rlimit {
        rlim_cur: open,
        rlim_max: libc::RLIM_INFINITY,
    };
    let mut old = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    let ok = unsafe { libc::prlimit(pid as i32, libc::RLIMIT_NOFILE, std::ptr::null(), &mut old) };
    assert_eq!(ok, 0);
    let limit = libc::rlimit {
        rlim_max: old.rlim_max,
        ..limit
    };
    let ok = unsafe {
        libc::prlimit(
            pid as i32,
            libc::RLIMIT_NOFILE,
            &limit,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(ok, 0, "{}", std::io::Error::last_os_error());
    // Connections waiting on both listeners.
    let _held: (Vec<_>, Vec<_>) = (
        (0..8)
            .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap())
            .collect(),
        (0..8).map(|_| admin(&data)).collect(),
    );
    std::thread::sleep(Duration::from_millis(500));
    let start = cpu_seconds(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_seconds(pid) - start;
    assert!(used < 0.3, "the bot used {used:.2} s of CPU in 2 s");
    let log = std::fs::read_to_string(data.with_extension("log")).unwrap();
    for what in ["the operator socket", "the metrics listener"] {
        let said = log
            .lines()
            .filter(|l| l.contains(&format!("{what}: cannot accept a connection")))
            .count();
        assert!((1..=2).contains(&said), "{what}: said {said} times:\n{log}");
    }
}

/// The metrics listener serves sixteen connections at a time: while sixteen
/// clients say nothing, another is answered 503 at once, not kept waiting.
#[cfg(target_os = "linux")]
#[test]
fn the_metrics_listener_serves_sixteen_connections_at_a_time() {
    use std::io::Read;
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let _bot = spawn_bot_with(&api, &data, "[http]\nlisten = \"127.0.0.1:0\"\n");
    let port = metrics_port(&data);
    assert!(http_get(port, "/healthz").ends_with("ok\n"));
    let _idle: Vec<_> = (0..16)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let mut extra = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    extra
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let mut out = String::new();
    let _ = extra.read_to_string(&mut out);
    assert!(out.starts_with("HTTP/1.1 503 "), "{out:?}");
}
