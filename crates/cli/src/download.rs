//! `seatwise download`: the download manager. It asks the server for the files of a release
//! (`PRODUCT VERSION`) or of a custom install package (`--package ID`), each with its size,
//! SHA-256 and a signed link, and fetches several at once.
//!
//! Each file is written to `NAME.part` and renamed to `NAME` once its SHA-256 is right. A
//! `.part` left by an interrupted run is resumed with `Range: bytes=N-` and `If-Range` (the
//! `ETag` or `Last-Modified` the first answer carried, kept in `NAME.part.validator`); a 200
//! instead of a 206 means the file changed, and it starts again from the first byte. A file
//! that is already there with the right SHA-256 is skipped. A wrong SHA-256 deletes the file
//! and fails with exit code 8.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use reqwest::{header, StatusCode};
use seatwise_api::{DownloadFile, DownloadQuery, Platform};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::client::{decode_error, About, ApiError, ApiErrorKind};
use crate::context::Context;
use crate::exit::{Exit, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The product's code, e.g. DRAFT (or --package)
    #[arg(required_unless_present = "package", requires = "version")]
    pub product: Option<String>,
    /// The version to download, e.g. 2026
    pub version: Option<String>,
    /// Download a custom install package (its id, from the portal) instead of a release
    #[arg(long, value_name = "ID", conflicts_with_all = ["product", "version", "platform", "language"])]
    pub package: Option<String>,
    /// Only the files for this platform: windows, macos or linux [default: every platform]
    #[arg(long, value_name = "P", value_parser = parse_platform)]
    pub platform: Option<Platform>,
    /// Only the files in this language (e.g. en, sl, zh-TW) and the all-languages ones
    /// [default: every language]
    #[arg(long, value_name = "L")]
    pub language: Option<String>,
    /// The directory to write the files to (created if missing)
    #[arg(long, value_name = "D", default_value = ".")]
    pub dir: PathBuf,
    /// How many files to download at once, 1 to 16
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub jobs: u16,
    /// The most bytes per second for all files together: a number with K, M or G (1024s),
    /// e.g. 1K, 500K, 2M [default: no limit]
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate_limit: Option<u64>,
    /// No progress bar (it is also hidden when the output is not a terminal); the line per
    /// file and the errors are still printed
    #[arg(long, short)]
    pub quiet: bool,
}

/// `windows`, `macos` or `linux`.
fn parse_platform(s: &str) -> Result<Platform, String> {
    Platform::ALL
        .into_iter()
        .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
        .ok_or_else(|| format!("`{s}` is no platform: use windows, macos or linux"))
}

/// A rate in bytes per second: digits with an optional K, M or G (powers of 1024), e.g. `1K`,
/// `500K`, `2M`, `65536`.
pub fn parse_rate(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let factor: u64 = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1 << 10,
        "M" | "MB" => 1 << 20,
        "G" | "GB" => 1 << 30,
        _ => {
            return Err(format!(
                "`{s}` is no rate: use bytes per second like 1K, 500K or 2M"
            ))
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is no rate: use bytes per second like 1K, 500K or 2M"))?;
    match n.checked_mul(factor) {
        Some(0) => Err("the rate must be more than 0 bytes per second".to_owned()),
        Some(rate) => Ok(rate),
        None => Err(format!("`{s}` is too large a rate")),
    }
}

/// A file name from the server as a name in `--dir`: no directories, no hidden or special
/// names, no control characters (a server cannot make the client write elsewhere).
pub fn safe_file_name(name: &str) -> Option<&str> {
    let ok = !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('.')
        && !name
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\' | ':'));
    ok.then_some(name)
}

/// Where a download starts, from the bytes already in `NAME.part`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Nothing usable: from the first byte.
    Fresh,
    /// Resume after the first `n` bytes.
    From(u64),
    /// The `.part` has every byte already: only the checksum is left to check.
    Complete,
}

/// A `.part` shorter than the file resumes; as long is complete; longer (or empty) starts
/// again.
pub fn start_for(part_len: Option<u64>, size: u64) -> Start {
    match part_len {
        Some(n) if n > 0 && n < size => Start::From(n),
        Some(n) if n == size && size > 0 => Start::Complete,
        _ => Start::Fresh,
    }
}

/// What to do with the answer to a download request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// 206 from where we asked: append to the `.part`.
    Append,
    /// 200 (a whole file, because the file changed or the server ignores ranges), or a 206
    /// from another byte than asked: write the `.part` again from the first byte.
    Restart,
    /// 416: the server has no bytes after ours; drop the `.part` and ask for the whole file.
    StartOver,
    /// Anything else: an error.
    Refused,
}

/// `asked_from`: the byte a `Range` asked for (None for the whole file); `range_start`: the
/// first byte of the answer's `Content-Range`.
pub fn answer_for(status: u16, asked_from: Option<u64>, range_start: Option<u64>) -> Answer {
    match status {
        206 if asked_from.is_some() && range_start == asked_from => Answer::Append,
        206 if asked_from.is_none() && range_start == Some(0) => Answer::Restart,
        206 | 200 => Answer::Restart,
        416 if asked_from.is_some() => Answer::StartOver,
        _ => Answer::Refused,
    }
}

/// The first byte of `Content-Range: bytes 100-199/200`.
fn content_range_start(value: &str) -> Option<u64> {
    value
        .trim()
        .strip_prefix("bytes ")?
        .split('-')
        .next()?
        .trim()
        .parse()
        .ok()
}

/// The wait that keeps `sent` bytes at most `rate` per second since the start (`elapsed`).
pub fn rate_delay(sent: u64, rate: u64, elapsed: Duration) -> Duration {
    let due = Duration::from_secs_f64(sent as f64 / rate.max(1) as f64);
    due.saturating_sub(elapsed)
}

/// One limit for every file of the run together.
struct RateLimit {
    rate: u64,
    started: Instant,
    sent: Mutex<u64>,
}

impl RateLimit {
    /// Counts `n` bytes and waits until they fit the rate.
    async fn take(&self, n: u64) {
        let wait = {
            let mut sent = self.sent.lock().await;
            *sent += n;
            rate_delay(*sent, self.rate, self.started.elapsed())
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// The most bytes to write between two waits: about an eighth of a second's worth, so the
    /// `.part` and the progress move smoothly even at 1K.
    fn piece(&self) -> usize {
        usize::try_from((self.rate / 8).clamp(1, 64 * 1024)).unwrap_or(64 * 1024)
    }
}

/// How one file ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// Already in the directory with the right SHA-256.
    Skipped,
    /// Downloaded (`resumed_at`: the byte it went on from, if it resumed).
    Downloaded { resumed_at: Option<u64> },
}

pub async fn download(context: &Context, args: Args) -> Result<(), Failure> {
    let (_, client) = context.signed_in_client()?;
    let files = match (&args.package, &args.product, &args.version) {
        (Some(id), _, _) => {
            let package = client
                .package_download(id)
                .await
                .map_err(|e| package_failure(e, id))?;
            println!(
                "Package {}: {} file(s), {}",
                package.name,
                package.files.len(),
                HumanBytes(package.total_size)
            );
            package.files
        }
        (None, Some(product), Some(version)) => {
            let query = DownloadQuery {
                product: product.clone(),
                version: version.clone(),
                platform: args.platform,
                language: args.language.clone(),
            };
            let list = client.download_files(&query).await.map_err(|e| {
                e.into_failure(Some(About {
                    product,
                    version: Some(version),
                }))
            })?;
            let total: u64 = list.files.iter().map(|f| f.size).sum();
            println!(
                "{} {}: {} file(s), {}",
                list.product_code,
                list.version,
                list.files.len(),
                HumanBytes(total)
            );
            list.files
        }
        // clap requires one or the other.
        _ => {
            return Err(Failure::new(
                Exit::Local,
                "name a PRODUCT and VERSION, or --package ID",
            ))
        }
    };
    if files.is_empty() {
        return Err(Failure::new(
            Exit::NotLicensed,
            "nothing to download: no files match (try without --platform or --language)",
        ));
    }
    let mut names = HashSet::new();
    for f in &files {
        if safe_file_name(&f.file_name).is_none() {
            return Err(Failure::new(
                Exit::Server,
                format!(
                    "the server named a file `{}`, which is not safe to write",
                    f.file_name
                ),
            ));
        }
        if !names.insert(f.file_name.clone()) {
            return Err(Failure::new(
                Exit::Server,
                format!("two files are named {}", f.file_name),
            ));
        }
    }
    tokio::fs::create_dir_all(&args.dir).await.map_err(|e| {
        Failure::new(
            Exit::Local,
            format!("cannot create {}: {e}", args.dir.display()),
        )
    })?;

    let http = reqwest::Client::builder()
        .user_agent(concat!("seatwise/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Failure::new(Exit::Local, format!("cannot set up HTTP: {e}")))?;
    let bars = MultiProgress::with_draw_target(if args.quiet || !std::io::stdout().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stdout()
    });
    let limit = args.rate_limit.map(|rate| {
        Arc::new(RateLimit {
            rate,
            started: Instant::now(),
            sent: Mutex::new(0),
        })
    });
    let job = Job {
        http,
        dir: args.dir.clone(),
        bars,
        limit,
    };

    let count = files.len();
    let results: Vec<(DownloadFile, Result<Done, Failure>)> = futures::stream::iter(files)
        .map(|f| {
            let job = &job;
            async move {
                let result = job.fetch(&f).await;
                job.report(&f, &result);
                (f, result)
            }
        })
        .buffer_unordered(usize::from(args.jobs))
        .collect()
        .await;
    let failures: Vec<&Failure> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().err())
        .collect();
    match failures.first() {
        None => {
            println!(
                "All {count} file(s) in {}; every SHA-256 verified.",
                args.dir.display()
            );
            Ok(())
        }
        // A wrong checksum decides the exit code over other failures.
        Some(first) => {
            let worst = failures
                .iter()
                .find(|f| f.exit == Exit::Checksum)
                .unwrap_or(first);
            Err(Failure::new(
                worst.exit,
                format!(
                    "{} of {count} file(s) failed; {}",
                    failures.len(),
                    worst.message()
                ),
            ))
        }
    }
}

/// A package the server does not show: unknown, another account's, or not an admin's.
fn package_failure(error: ApiError, id: &str) -> Failure {
    if error.status() == Some(404) {
        return Failure::new(
            Exit::NotLicensed,
            format!("no install package {id} for you: packages are for the admins of their account (not_found)"),
        );
    }
    error.into_failure(None)
}

/// What every download of a run shares.
struct Job {
    http: reqwest::Client,
    dir: PathBuf,
    bars: MultiProgress,
    limit: Option<Arc<RateLimit>>,
}

impl Job {
    /// One line per file, above the bars (or alone when they are hidden).
    fn report(&self, f: &DownloadFile, result: &Result<Done, Failure>) {
        match result {
            Ok(Done::Skipped) => {
                self.line(&format!("{}: already here, SHA-256 verified", f.file_name))
            }
            Ok(Done::Downloaded { resumed_at: None }) => self.line(&format!(
                "{}: {} downloaded, SHA-256 verified",
                f.file_name,
                HumanBytes(f.size)
            )),
            Ok(Done::Downloaded {
                resumed_at: Some(at),
            }) => self.line(&format!(
                "{}: {} downloaded (resumed at byte {at}), SHA-256 verified",
                f.file_name,
                HumanBytes(f.size)
            )),
            Err(e) => {
                let _ = self
                    .bars
                    .suspend(|| eprintln!("seatwise: {}: {}", f.file_name, e.message()));
            }
        }
    }

    fn line(&self, text: &str) {
        if self.bars.is_hidden() {
            println!("{text}");
        } else {
            let _ = self.bars.println(text);
        }
    }

    /// Downloads one file into the directory (see the module's description).
    async fn fetch(&self, f: &DownloadFile) -> Result<Done, Failure> {
        let target = self.dir.join(&f.file_name);
        let part = self.dir.join(format!("{}.part", f.file_name));
        let validator_file = self.dir.join(format!("{}.part.validator", f.file_name));
        if file_len(&target).await == Some(f.size) && sha256_of(&target).await? == f.sha256 {
            let _ = tokio::fs::remove_file(&part).await;
            let _ = tokio::fs::remove_file(&validator_file).await;
            return Ok(Done::Skipped);
        }
        let bar = self.bars.add(ProgressBar::new(f.size));
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:30!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(f.file_name.clone());
        let result = self.fetch_into(f, &part, &validator_file, &bar).await;
        bar.finish_and_clear();
        self.bars.remove(&bar);
        let resumed_at = result?;
        tokio::fs::rename(&part, &target).await.map_err(|e| {
            Failure::new(
                Exit::Local,
                format!("cannot rename {}: {e}", part.display()),
            )
        })?;
        let _ = tokio::fs::remove_file(&validator_file).await;
        Ok(Done::Downloaded { resumed_at })
    }

    /// Fills `part` and checks its SHA-256; the byte it resumed at, if it did. A resumed file
    /// with a wrong checksum is fetched once more from the first byte (the `.part` may have
    /// come from another version of the file); a fresh one fails.
    async fn fetch_into(
        &self,
        f: &DownloadFile,
        part: &Path,
        validator_file: &Path,
        bar: &ProgressBar,
    ) -> Result<Option<u64>, Failure> {
        for attempt in 0..2 {
            let start = if attempt == 0 {
                start_for(file_len(part).await, f.size)
            } else {
                Start::Fresh
            };
            let from = match start {
                Start::Complete => Some(f.size),
                Start::From(n) => Some(n),
                Start::Fresh => None,
            };
            let resumed_at = if start != Start::Complete {
                let validator = match from {
                    Some(_) => tokio::fs::read_to_string(validator_file)
                        .await
                        .ok()
                        .map(|v| v.trim().to_owned()),
                    None => None,
                };
                let restarted = self
                    .transfer(f, part, validator_file, from, validator, bar)
                    .await?;
                if restarted {
                    None
                } else {
                    from
                }
            } else {
                bar.set_position(f.size);
                Some(f.size)
            };
            if sha256_of(part).await? == f.sha256 {
                return Ok(resumed_at);
            }
            let _ = tokio::fs::remove_file(part).await;
            let _ = tokio::fs::remove_file(validator_file).await;
            if resumed_at.is_none() {
                break;
            }
            bar.set_position(0);
        }
        Err(Failure::new(
            Exit::Checksum,
            format!(
                "the SHA-256 is not {} as the server said; the download was deleted",
                f.sha256
            ),
        ))
    }

    /// One request: resumes after `from` bytes (with `If-Range: validator`) or fetches the
    /// whole file. True when the `.part` was written again from the first byte.
    async fn transfer(
        &self,
        f: &DownloadFile,
        part: &Path,
        validator_file: &Path,
        from: Option<u64>,
        validator: Option<String>,
        bar: &ProgressBar,
    ) -> Result<bool, Failure> {
        let mut request = self.http.get(&f.url);
        if let Some(n) = from {
            request = request.header(header::RANGE, format!("bytes={n}-"));
            // Without the first answer's validator, the file's own tag: the server's ETag is
            // its quoted SHA-256.
            let tag = validator.unwrap_or_else(|| format!("\"{}\"", f.sha256));
            request = request.header(header::IF_RANGE, tag);
        }
        let response = request.send().await.map_err(|e| unreachable(f, &e))?;
        let status = response.status();
        let range_start = response
            .headers()
            .get(header::CONTENT_RANGE)
            .and_then(|v| v.to_str().ok())
            .and_then(content_range_start);
        let (append, restarted) = match answer_for(status.as_u16(), from, range_start) {
            Answer::Append => (true, false),
            Answer::Restart => (false, true),
            Answer::StartOver => {
                let _ = tokio::fs::remove_file(part).await;
                return Box::pin(self.transfer(f, part, validator_file, None, None, bar))
                    .await
                    .map(|_| true);
            }
            Answer::Refused => {
                let body = response.bytes().await.unwrap_or_default();
                return Err(link_failure(f, status, &body));
            }
        };
        // Keep what lets a later run resume: the answer's ETag, else its Last-Modified.
        let validator = [header::ETAG, header::LAST_MODIFIED].iter().find_map(|h| {
            response
                .headers()
                .get(h)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        });
        if !append {
            match validator {
                Some(v) => write_local(validator_file, tokio::fs::write(validator_file, v).await)?,
                None => {
                    let _ = tokio::fs::remove_file(validator_file).await;
                }
            }
        }
        let mut out = tokio::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(part)
            .await
            .map_err(|e| {
                Failure::new(Exit::Local, format!("cannot write {}: {e}", part.display()))
            })?;
        bar.set_position(if append { from.unwrap_or(0) } else { 0 });
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| unreachable(f, &e))?;
            let piece = self
                .limit
                .as_ref()
                .map_or(chunk.len().max(1), |l| l.piece());
            for bytes in chunk.chunks(piece) {
                write_local(part, out.write_all(bytes).await)?;
                write_local(part, out.flush().await)?;
                bar.inc(bytes.len() as u64);
                if let Some(limit) = &self.limit {
                    limit.take(bytes.len() as u64).await;
                }
            }
        }
        write_local(part, out.sync_all().await)?;
        Ok(restarted)
    }
}

fn write_local(path: &Path, result: std::io::Result<()>) -> Result<(), Failure> {
    result.map_err(|e| Failure::new(Exit::Local, format!("cannot write {}: {e}", path.display())))
}

fn unreachable(f: &DownloadFile, error: &reqwest::Error) -> Failure {
    let what = if error.is_timeout() {
        "no data in time".to_owned()
    } else {
        error.to_string()
    };
    Failure::new(
        Exit::Server,
        format!("the download broke off ({what}); run the command again to resume"),
    )
    .context(format!("{} from {}", f.file_name, host_of(&f.url)))
}

/// The scheme and host of a URL, without the signature (for messages).
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find('/').unwrap_or(rest.len());
    &url[..url.len() - rest.len() + end]
}

/// A signed link refused: expired, no longer entitled, or an unexpected answer.
fn link_failure(f: &DownloadFile, status: StatusCode, body: &[u8]) -> Failure {
    let error = ApiError {
        server: host_of(&f.url).to_owned(),
        endpoint: format!("GET /downloads ({})", f.file_name),
        kind: decode_error(status, body),
    };
    if let ApiErrorKind::Api { code_text, .. } = &error.kind {
        if status == StatusCode::FORBIDDEN {
            let why = match code_text.as_str() {
                "link_expired" => "the download link expired; run the command again for new links",
                "not_entitled" => "you may not download this file any more (no seat or trial)",
                _ => "the download link was refused",
            };
            return Failure::new(Exit::NotLicensed, format!("{why} ({code_text})"));
        }
    }
    error.into_failure(None)
}

async fn file_len(path: &Path) -> Option<u64> {
    tokio::fs::metadata(path)
        .await
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// The lower-case hex SHA-256 of a file, read off the async threads.
async fn sha256_of(path: &Path) -> Result<String, Failure> {
    let owned = path.to_owned();
    tokio::task::spawn_blocking(move || -> std::io::Result<String> {
        let mut file = std::fs::File::open(&owned)?;
        let mut hasher = Sha256::new();
        std::io::copy(&mut file, &mut hasher)?;
        Ok(hex::encode(hasher.finalize()))
    })
    .await
    .map_err(|e| Failure::new(Exit::Local, format!("cannot check {}: {e}", path.display())))?
    .map_err(|e| Failure::new(Exit::Local, format!("cannot read {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    #[test]
    fn rates_read_with_units_of_1024() {
        assert_eq!(parse_rate("1K"), Ok(1024));
        assert_eq!(parse_rate("500k"), Ok(500 * 1024));
        assert_eq!(parse_rate("2M"), Ok(2 * 1024 * 1024));
        assert_eq!(parse_rate("1G"), Ok(1 << 30));
        assert_eq!(parse_rate("65536"), Ok(65536));
        assert_eq!(parse_rate(" 10KB "), Ok(10 * 1024));
        assert!(parse_rate("0K").is_err());
        assert!(parse_rate("K").is_err());
        assert!(parse_rate("1.5M").is_err());
        assert!(parse_rate("1T").is_err());
        assert!(parse_rate("-1K").is_err());
        assert!(parse_rate("99999999999999999999G").is_err());
    }

    #[test]
    fn the_rate_limit_waits_for_the_bytes_ahead_of_time() {
        assert_eq!(
            rate_delay(1024, 1024, Duration::ZERO),
            Duration::from_secs(1)
        );
        assert_eq!(
            rate_delay(1024, 1024, Duration::from_millis(400)),
            Duration::from_millis(600)
        );
        assert_eq!(
            rate_delay(1024, 1024, Duration::from_secs(2)),
            Duration::ZERO
        );
        assert_eq!(
            rate_delay(3 * 1024 * 1024, 2 * 1024 * 1024, Duration::ZERO),
            Duration::from_millis(1500)
        );
    }

    #[test]
    fn a_part_file_decides_where_to_start() {
        assert_eq!(start_for(None, 100), Start::Fresh);
        assert_eq!(start_for(Some(0), 100), Start::Fresh);
        assert_eq!(start_for(Some(40), 100), Start::From(40));
        assert_eq!(start_for(Some(100), 100), Start::Complete);
        assert_eq!(start_for(Some(140), 100), Start::Fresh);
        assert_eq!(start_for(Some(0), 0), Start::Fresh);
    }

    #[test]
    fn answers_append_restart_or_fail() {
        assert_eq!(answer_for(206, Some(40), Some(40)), Answer::Append);
        // If-Range did not match: the whole file again.
        assert_eq!(answer_for(200, Some(40), None), Answer::Restart);
        assert_eq!(answer_for(200, None, None), Answer::Restart);
        // A range from elsewhere is not appended.
        assert_eq!(answer_for(206, Some(40), Some(0)), Answer::Restart);
        assert_eq!(answer_for(206, Some(40), None), Answer::Restart);
        assert_eq!(answer_for(416, Some(40), None), Answer::StartOver);
        assert_eq!(answer_for(416, None, None), Answer::Refused);
        assert_eq!(answer_for(403, Some(40), None), Answer::Refused);
        assert_eq!(content_range_start("bytes 40-99/100"), Some(40));
        assert_eq!(content_range_start("bytes */100"), None);
    }

    #[test]
    fn file_names_stay_in_the_directory() {
        assert_eq!(safe_file_name("setup-2027.exe"), Some("setup-2027.exe"));
        assert_eq!(
            safe_file_name("Draftline 2027 中文.msi"),
            Some("Draftline 2027 中文.msi")
        );
        for bad in ["", "../x", "a/b", "a\\b", ".hidden", "..", "C:x", "a\nb"] {
            assert_eq!(safe_file_name(bad), None, "{bad:?}");
        }
        assert_eq!(
            host_of("http://127.0.0.1:8080/api/v1/downloads/f?sig=x"),
            "http://127.0.0.1:8080"
        );
    }

    fn content(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 31 % 251) as u8).collect()
    }

    fn sha(b: &[u8]) -> String {
        hex::encode(Sha256::digest(b))
    }

    /// A tiny file server on one thread: answers `Range: bytes=N-` with a 206 (when `If-Range`
    /// matches its ETag, or is absent), otherwise the whole file; gives back the requests'
    /// `Range` headers.
    fn file_server(
        body: Vec<u8>,
        etag: &'static str,
        requests: usize,
    ) -> (String, std::thread::JoinHandle<Vec<Option<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/file", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let mut ranges = Vec::new();
            for _ in 0..requests {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream);
                let (mut range, mut if_range) = (None, None);
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if line == "\r\n" || line.is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        let value = value.trim().to_owned();
                        match name.to_ascii_lowercase().as_str() {
                            "range" => range = Some(value),
                            "if-range" => if_range = Some(value),
                            _ => {}
                        }
                    }
                }
                let from = range
                    .as_deref()
                    .and_then(|r| r.strip_prefix("bytes="))
                    .and_then(|r| r.trim_end_matches('-').parse::<usize>().ok())
                    .filter(|_| if_range.as_deref().is_none_or(|t| t == etag));
                ranges.push(range.clone());
                let head = match from {
                    Some(n) => format!(
                        "HTTP/1.1 206 Partial Content\r\ncontent-range: bytes {n}-{}/{}\r\ncontent-length: {}\r\n",
                        body.len() - 1,
                        body.len(),
                        body.len() - n
                    ),
                    None => format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n", body.len()),
                };
                let mut stream = reader.into_inner();
                stream
                    .write_all(
                        format!("{head}etag: {etag}\r\nconnection: close\r\n\r\n").as_bytes(),
                    )
                    .unwrap();
                stream.write_all(&body[from.unwrap_or(0)..]).unwrap();
            }
            ranges
        });
        (url, handle)
    }

    fn job(dir: &Path, limit: Option<u64>) -> Job {
        Job {
            http: reqwest::Client::new(),
            dir: dir.to_owned(),
            bars: MultiProgress::with_draw_target(ProgressDrawTarget::hidden()),
            limit: limit.map(|rate| {
                Arc::new(RateLimit {
                    rate,
                    started: Instant::now(),
                    sent: Mutex::new(0),
                })
            }),
        }
    }

    fn file(url: &str, name: &str, body: &[u8]) -> DownloadFile {
        DownloadFile {
            product_code: "DRAFT".into(),
            version: "2027".into(),
            kind: seatwise_api::FileKind::Installer,
            platform: Platform::Windows,
            language: "multi".into(),
            title: "Setup".into(),
            file_name: name.into(),
            size: body.len() as u64,
            sha256: sha(body),
            url: url.into(),
            expires_at: "2099-01-01T00:00:00Z".into(),
        }
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("seatwise-download-{name}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[tokio::test]
    async fn a_part_file_is_resumed_with_range_and_if_range() {
        let body = content(10_000);
        let dir = temp_dir("resume");
        std::fs::write(dir.join("setup.exe.part"), &body[..4000]).unwrap();
        std::fs::write(dir.join("setup.exe.part.validator"), "\"v1\"").unwrap();
        let (url, server) = file_server(body.clone(), "\"v1\"", 1);

        let done = job(&dir, None)
            .fetch(&file(&url, "setup.exe", &body))
            .await
            .unwrap();

        assert_eq!(
            done,
            Done::Downloaded {
                resumed_at: Some(4000)
            }
        );
        assert_eq!(server.join().unwrap(), [Some("bytes=4000-".to_owned())]);
        assert_eq!(std::fs::read(dir.join("setup.exe")).unwrap(), body);
        assert!(
            !dir.join("setup.exe.part").exists() && !dir.join("setup.exe.part.validator").exists()
        );

        // A second run finds it done and asks nothing.
        let done = job(&dir, None)
            .fetch(&file("http://127.0.0.1:1/never", "setup.exe", &body))
            .await
            .unwrap();
        assert_eq!(done, Done::Skipped);
    }

    #[tokio::test]
    async fn a_changed_file_answers_200_and_starts_again() {
        let body = content(5_000);
        let dir = temp_dir("changed");
        std::fs::write(dir.join("setup.exe.part"), b"bytes of an older build").unwrap();
        std::fs::write(dir.join("setup.exe.part.validator"), "\"old\"").unwrap();
        let (url, server) = file_server(body.clone(), "\"new\"", 1);

        let done = job(&dir, None)
            .fetch(&file(&url, "setup.exe", &body))
            .await
            .unwrap();

        assert_eq!(done, Done::Downloaded { resumed_at: None });
        assert_eq!(server.join().unwrap().len(), 1);
        assert_eq!(std::fs::read(dir.join("setup.exe")).unwrap(), body);
    }

    #[tokio::test]
    async fn a_wrong_checksum_deletes_the_file_and_fails_with_its_code() {
        let body = content(3_000);
        let dir = temp_dir("checksum");
        let (url, server) = file_server(body.clone(), "\"v1\"", 1);
        let mut f = file(&url, "setup.exe", &body);
        f.sha256 = sha(b"something else");

        let error = job(&dir, None).fetch(&f).await.unwrap_err();

        assert_eq!(error.exit, Exit::Checksum);
        assert_eq!(error.exit.code(), 8);
        server.join().unwrap();
        assert!(!dir.join("setup.exe").exists() && !dir.join("setup.exe.part").exists());
    }

    #[tokio::test]
    async fn a_stale_part_with_a_wrong_checksum_is_fetched_once_more() {
        let body = content(6_000);
        let dir = temp_dir("stale");
        // As long as the file, but other bytes: the checksum fails, then a fresh download.
        std::fs::write(dir.join("setup.exe.part"), vec![0u8; 6_000]).unwrap();
        let (url, server) = file_server(body.clone(), "\"v1\"", 1);

        let done = job(&dir, None)
            .fetch(&file(&url, "setup.exe", &body))
            .await
            .unwrap();

        assert_eq!(done, Done::Downloaded { resumed_at: None });
        assert_eq!(server.join().unwrap(), [None]);
        assert_eq!(std::fs::read(dir.join("setup.exe")).unwrap(), body);
    }

    #[tokio::test]
    async fn the_rate_limit_slows_the_download() {
        let body = content(3 * 1024);
        let dir = temp_dir("rate");
        let (url, server) = file_server(body.clone(), "\"v1\"", 1);
        let started = std::time::Instant::now();

        job(&dir, Some(2 * 1024))
            .fetch(&file(&url, "slow.bin", &body))
            .await
            .unwrap();

        // 3 KiB at 2 KiB/s: at least 1.5 s (the first piece goes at once).
        assert!(
            started.elapsed() >= Duration::from_millis(1_300),
            "{:?}",
            started.elapsed()
        );
        server.join().unwrap();
    }
}
