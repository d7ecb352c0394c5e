//! Where the client keeps its state: the configuration directory, the server to talk to, and
//! the credentials file that `seatwise login` writes (`{config-dir}/credentials.json`).
//!
//! The access token in the credentials file signs this device in, so the file is private to
//! the user (mode 0600 on unix) and replaced atomically (a temporary file renamed over it), so a
//! crash never leaves half a file behind.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::exit::{Exit, Failure};

/// The server used when neither `--server`, `SEATWISE_SERVER` nor a stored sign-in names one.
pub const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";
/// The credentials file's name inside the configuration directory.
pub const CREDENTIALS_FILE: &str = "credentials.json";

/// What `seatwise login` stores: the server signed in to, the device token and the device id.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub server: String,
    pub access_token: String,
    pub device_id: String,
}

/// Leaves the token out, so that it cannot end up in a log by accident.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("server", &self.server)
            .field("access_token", &"<redacted>")
            .field("device_id", &self.device_id)
            .finish()
    }
}

/// Checks a `--server` value and puts it in the one form the client stores and compares: an
/// absolute http(s) URL without a trailing slash, query or fragment.
pub fn parse_server(text: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(text.trim())
        .map_err(|e| format!("not a URL ({e}); use e.g. {DEFAULT_SERVER}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "the server must be an http:// or https:// URL, not {}://",
            url.scheme()
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("the server URL must not have a query (?...) or fragment (#...)".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the server URL must not hold a user name or password".to_owned());
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// The configuration directory when neither `--config-dir` nor `SEATWISE_CONFIG_DIR` names
/// one: `$XDG_CONFIG_HOME/seatwise`, else `~/.config/seatwise` (`%APPDATA%\seatwise` on
/// Windows when there is no home directory variable).
pub fn default_config_dir() -> Result<PathBuf, Failure> {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if let Some(xdg) = from_env("XDG_CONFIG_HOME") {
        return Ok(xdg.join("seatwise"));
    }
    if let Some(home) = from_env("HOME").or_else(|| from_env("USERPROFILE")) {
        return Ok(home.join(".config").join("seatwise"));
    }
    if let Some(app_data) = from_env("APPDATA") {
        return Ok(app_data.join("seatwise"));
    }
    Err(Failure::new(
        Exit::Local,
        "cannot tell where to keep the configuration (no XDG_CONFIG_HOME or HOME); use --config-dir or SEATWISE_CONFIG_DIR",
    ))
}

/// The stored sign-in, or `None` when there is none.
pub fn load(dir: &Path) -> anyhow::Result<Option<Credentials>> {
    let path = dir.join(CREDENTIALS_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let credentials = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is damaged; run `seatwise login` to replace it",
            path.display()
        )
    })?;
    Ok(Some(credentials))
}

/// Stores the sign-in: writes a private temporary file next to the credentials file, then
/// renames it over the old one.
pub fn save(dir: &Path, credentials: &Credentials) -> anyhow::Result<()> {
    create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(CREDENTIALS_FILE);
    let temporary = dir.join(format!(".{CREDENTIALS_FILE}.{}.tmp", std::process::id()));
    let written = write_private(&temporary, credentials)
        .with_context(|| format!("cannot write {}", temporary.display()))
        .and_then(|()| {
            fs::rename(&temporary, &path)
                .with_context(|| format!("cannot replace {}", path.display()))
        });
    if written.is_err() {
        // Best effort: the error being reported is the one that matters.
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Deletes the stored sign-in; false when there was none.
pub fn remove(dir: &Path) -> anyhow::Result<bool> {
    let path = dir.join(CREDENTIALS_FILE);
    match fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot delete {}", path.display())),
    }
}

/// A new file only the user can read (0600 on unix), holding the credentials as JSON, flushed
/// to disk before it is renamed into place.
fn write_private(path: &Path, credentials: &Credentials) -> anyhow::Result<()> {
    // A temporary file left by a crashed run with the same process id would keep its old mode.
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    let mut json = serde_json::to_vec_pretty(credentials)?;
    json.push(b'\n');
    file.write_all(&json)?;
    file.sync_all()?;
    Ok(())
}

/// The directory and its missing parents; new ones are private to the user on unix (0700).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system's temp dir, deleted when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            let unique = format!(
                "seatwise-cli-{name}-{}-{}",
                std::process::id(),
                uuid::Uuid::new_v4().simple()
            );
            TempDir(std::env::temp_dir().join(unique))
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn credentials() -> Credentials {
        Credentials {
            server: "http://127.0.0.1:8080".to_owned(),
            access_token: "swd_secret".to_owned(),
            device_id: "dev_123".to_owned(),
        }
    }

    #[test]
    fn credentials_round_trip() {
        let temp = TempDir::new("round-trip");
        let dir = temp.0.join("nested").join("seatwise");
        assert_eq!(load(&dir).unwrap(), None);

        save(&dir, &credentials()).unwrap();
        assert_eq!(load(&dir).unwrap(), Some(credentials()));

        let changed = Credentials {
            device_id: "dev_456".to_owned(),
            ..credentials()
        };
        save(&dir, &changed).unwrap();
        assert_eq!(load(&dir).unwrap(), Some(changed));
        // Only the credentials file is left: no temporary file.
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [CREDENTIALS_FILE]);

        assert!(remove(&dir).unwrap());
        assert_eq!(load(&dir).unwrap(), None);
        assert!(!remove(&dir).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn credentials_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let temp = TempDir::new("private");
        save(&temp.0, &credentials()).unwrap();
        let mode = fs::metadata(temp.0.join(CREDENTIALS_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_damaged_file_is_an_error_naming_the_fix() {
        let temp = TempDir::new("damaged");
        fs::create_dir_all(&temp.0).unwrap();
        fs::write(temp.0.join(CREDENTIALS_FILE), "{not json").unwrap();
        let error = format!("{:#}", load(&temp.0).unwrap_err());
        assert!(error.contains("seatwise login"), "{error}");
    }

    #[test]
    fn the_token_is_not_printed() {
        assert!(!format!("{:?}", credentials()).contains("swd_secret"));
    }

    #[test]
    fn servers_are_normalised() {
        assert_eq!(
            parse_server("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            parse_server("https://Portal.Example.com").unwrap(),
            "https://portal.example.com"
        );
        assert_eq!(
            parse_server("https://example.com/seatwise/").unwrap(),
            "https://example.com/seatwise"
        );
        assert!(parse_server("127.0.0.1:8080").is_err());
        assert!(parse_server("ftp://example.com").is_err());
        assert!(parse_server("https://example.com/?x=1").is_err());
        assert!(parse_server("https://me:pw@example.com").is_err());
    }
}
