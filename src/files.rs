//! Files Restride writes or reads on someone's behalf (backups, exports,
//! posters, her charts and data, the config, the dialogs): written private
//! (0600, set on the open file, never through a symbolic link), read only
//! when they are regular files of a bounded size (a link to `/dev/zero` or a
//! FIFO is refused before anything is read).

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

fn error(path: &Path, what: &str) -> io::Error {
    io::Error::other(format!("{}: {what}", path.display()))
}

/// An error of the system, named with the file, of the same kind.
fn io_error(path: &Path, e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// What a non-regular file is, in words.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for writing, private: created 0600; an existing file must
/// be a regular file (not a symbolic link) and is set to 0600 before it is
/// emptied. Write, then [`File::sync_all`].
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // No following a link; a FIFO without a reader fails instead of
        // blocking (and is refused below when it has one).
        opts.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(link_refused(path));
    }
    let f = match opts.open(path) {
        Ok(f) => f,
        Err(e) => {
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(link_refused(path));
            }
            return Err(io_error(path, &e));
        }
    };
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(error(
            path,
            &format!(
                "this is {}, not a regular file; give the name of a new file or of a file to replace",
                kind(&meta)
            ),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    f.set_len(0)?;
    Ok(f)
}

fn link_refused(path: &Path) -> io::Error {
    error(
        path,
        "this is a symbolic link, and Restride does not write through links; give the name of a new file or of a regular file to replace",
    )
}

/// Writes `bytes` to `path` as [`create_private`] opens it, durably.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = create_private(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Why a file could not be read by [`read_limited`].
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file (after following a link): a device, FIFO, socket, directory.
    NotRegular(&'static str),
    /// Larger than the limit (its size, or limit + 1 when it grew while read).
    TooLarge(u64),
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(k) => write!(f, "this is {k}, not a regular file"),
            ReadError::TooLarge(n) => write!(f, "this file is too large ({n} bytes)"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Reads a regular file of at most `limit` bytes: the file is opened
/// without blocking (a FIFO cannot hold the program), its type and size
/// are checked on the open file, and at most `limit + 1` bytes are read.
/// A link to a regular file is read like the file.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let f = opts.open(path).map_err(ReadError::Io)?;
    let meta = f.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut out = Vec::with_capacity(meta.len() as usize);
    f.take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(ReadError::Io)?;
    if out.len() as u64 > limit {
        return Err(ReadError::TooLarge(out.len() as u64));
    }
    Ok(out)
}

/// [`read_limited`] as UTF-8 text, with an error that names the file and
/// says what to change (`too_large`: the advice for a file over the limit).
pub fn read_text(path: &Path, limit: u64, too_large: &str) -> io::Result<String> {
    let bytes = read_limited(path, limit).map_err(|e| match e {
        ReadError::TooLarge(n) => error(
            path,
            &format!(
                "the file has {} and at most {} is read; {too_large}",
                size(n),
                size(limit)
            ),
        ),
        ReadError::NotRegular(k) => error(
            path,
            &format!("this is {k}, not a regular file; give the path of a plain file"),
        ),
        ReadError::Io(e) => io_error(path, &e),
    })?;
    String::from_utf8(bytes).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{}: the file is not UTF-8 text; save it as UTF-8",
                path.display()
            ),
        )
    })
}

/// A size in words: `1 MiB`, `64 KiB`, `2300 bytes`.
pub fn size(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// A new private file in the temp directory (created 0600, never an
/// existing file or link), removed again when dropped: for libraries that
/// write to a path (the charts and posters are drawn into one).
pub struct TempFile(PathBuf);

impl TempFile {
    pub fn new(prefix: &str, suffix: &str) -> io::Result<TempFile> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        for _ in 0..16 {
            let mut r = [0u8; 8];
            getrandom::fill(&mut r).map_err(|e| io::Error::other(e.to_string()))?;
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let name = format!(
                "{prefix}-{}-{n}-{:016x}{suffix}",
                std::process::id(),
                u64::from_le_bytes(r)
            );
            let path = std::env::temp_dir().join(name);
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o600);
            }
            match opts.open(&path) {
                Ok(_) => return Ok(TempFile(path)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("cannot create a temporary file"))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_becomes_private_and_a_link_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        std::fs::write(&old, "a longer text than the new one").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&old, b"new").unwrap();
        assert_eq!(mode(&old), 0o600);
        assert_eq!(std::fs::read(&old).unwrap(), b"new");

        let new = dir.path().join("new");
        write_private(&new, b"x").unwrap();
        assert_eq!(mode(&new), 0o600);

        let target = dir.path().join("target");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = write_private(&link, b"secret").unwrap_err().to_string();
        assert!(e.contains("symbolic link") && e.contains("link"), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        // A dangling link is refused too (it would create its target).
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(write_private(&dangling, b"x").is_err());
        assert!(!dir.path().join("nowhere").exists());
        let e = write_private(Path::new("/dev/null"), b"x").unwrap_err();
        assert!(
            e.to_string().contains("a device, not a regular file"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn reading_refuses_devices_fifos_and_large_files_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero.yaml");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(
            read_limited(&zero, 1024),
            Err(ReadError::NotRegular("a device"))
        ));
        let fifo = dir.path().join("fifo.yaml");
        let c = std::ffi::CString::new(fifo.display().to_string()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // Opening a FIFO without a writer would block without O_NONBLOCK.
        assert!(matches!(
            read_limited(&fifo, 1024),
            Err(ReadError::NotRegular("a FIFO"))
        ));
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, vec![b'a'; 2049]).unwrap();
        assert!(matches!(
            read_limited(&big, 2048),
            Err(ReadError::TooLarge(2049))
        ));
        let e = read_text(&big, 2048, "split it").unwrap_err().to_string();
        assert!(
            e.contains("big.yaml") && e.contains("2 KiB") && e.contains("split it"),
            "{e}"
        );
        let ok = dir.path().join("ok.yaml");
        std::fs::write(&ok, "a: 1\n").unwrap();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&ok, &link).unwrap();
        assert_eq!(read_text(&link, 2048, "").unwrap(), "a: 1\n");
        assert_eq!(read_limited(&ok, 5).unwrap(), b"a: 1\n");
    }

    #[cfg(unix)]
    #[test]
    fn temp_files_are_private_and_removed() {
        let t = TempFile::new("restride-test", ".png").unwrap();
        let p = t.path().to_path_buf();
        assert_eq!(mode(&p), 0o600);
        drop(t);
        assert!(!p.exists());
    }
}
