use std::process::ExitCode;

fn main() -> ExitCode {
    // Health data: every file Restride creates (the store, backups) is private.
    #[cfg(unix)]
    // SAFETY: umask only sets this process's file-creation mask; no memory is involved.
    unsafe {
        libc::umask(0o077);
    }
    match restride::cli::main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
