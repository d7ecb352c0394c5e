//! Release files on disk: uploads stream into a temporary file while their SHA-256 is
//! computed, and only a complete file is moved into place (so no partial file is ever visible);
//! downloads stream byte ranges out of it. Nothing is held whole in memory.

use std::{
    io,
    path::{Path, PathBuf},
};

use bytes::Bytes;
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// The storage directory: `objects/` holds complete files, `tmp/` uploads in progress.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
    max_bytes: u64,
}

/// A file that was stored completely.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub key: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PutError {
    #[error("the file is larger than {0} bytes")]
    TooLarge(u64),
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    #[error("the file is empty")]
    Empty,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Removes the temporary file unless it was moved into place.
struct TempGuard(Option<PathBuf>);

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

impl FileStore {
    /// Creates the directories; removes uploads left in `tmp/` for more than a day by a server
    /// that stopped while receiving them (another server of the deployment may be writing the
    /// newer ones).
    pub fn open(root: &Path, max_bytes: u64) -> anyhow::Result<FileStore> {
        use anyhow::Context;
        for d in ["objects", "tmp"] {
            std::fs::create_dir_all(root.join(d))
                .with_context(|| format!("cannot create the storage directory {}", root.join(d).display()))?;
        }
        if let Ok(entries) = std::fs::read_dir(root.join("tmp")) {
            for e in entries.flatten() {
                let old = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 86_400);
                if old {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(FileStore { root: root.to_path_buf(), max_bytes })
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    pub fn path(&self, key: &str) -> PathBuf {
        self.root.join("objects").join(key)
    }

    pub fn tmp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// Streams `body` into a new file, hashing it on the way. On any error the partial file
    /// is removed.
    pub async fn put<S, E>(&self, body: S) -> Result<StoredFile, PutError>
    where
        S: Stream<Item = Result<Bytes, E>>,
        E: std::fmt::Display,
    {
        self.put_at_most(body, self.max_bytes).await
    }

    /// [`FileStore::put`] with a smaller limit of its own (support case attachments).
    pub async fn put_at_most<S, E>(&self, body: S, max_bytes: u64) -> Result<StoredFile, PutError>
    where
        S: Stream<Item = Result<Bytes, E>>,
        E: std::fmt::Display,
    {
        let key = uuid::Uuid::new_v4().simple().to_string();
        let tmp = self.tmp_dir().join(format!("{key}.part"));
        let mut guard = TempGuard(Some(tmp.clone()));
        let file = tokio::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).await?;
        let mut out = tokio::io::BufWriter::with_capacity(256 * 1024, file);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut body = std::pin::pin!(body);
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| PutError::Interrupted(e.to_string()))?;
            size += chunk.len() as u64;
            if size > max_bytes {
                return Err(PutError::TooLarge(max_bytes));
            }
            hasher.update(&chunk);
            out.write_all(&chunk).await?;
        }
        if size == 0 {
            return Err(PutError::Empty);
        }
        out.flush().await?;
        let file = out.into_inner();
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&tmp, self.path(&key)).await?;
        guard.0 = None;
        Ok(StoredFile { key, size, sha256: hex::encode(hasher.finalize()) })
    }

    /// Stores bytes already in memory (the demo data's small files).
    pub async fn put_bytes(&self, bytes: Vec<u8>) -> Result<StoredFile, PutError> {
        self.put(futures::stream::iter([Ok::<_, io::Error>(Bytes::from(bytes))])).await
    }

    /// Deletes a stored file; a download in progress keeps reading its open handle.
    pub async fn remove(&self, key: &str) {
        if let Err(e) = tokio::fs::remove_file(self.path(key)).await {
            if e.kind() != io::ErrorKind::NotFound {
                tracing::warn!(error = %e, key, "cannot remove a stored file");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(max: u64) -> (FileStore, PathBuf) {
        let dir = std::env::temp_dir().join(format!("seatwise-files-{}", uuid::Uuid::new_v4().simple()));
        (FileStore::open(&dir, max).unwrap(), dir)
    }

    fn count(dir: &Path) -> usize {
        std::fs::read_dir(dir).unwrap().count()
    }

    #[tokio::test]
    async fn a_complete_upload_is_hashed_and_moved_into_place() {
        let (s, dir) = store(1024);
        let chunks = vec![Ok::<_, io::Error>(Bytes::from_static(b"hello ")), Ok(Bytes::from_static(b"world"))];
        let f = s.put(futures::stream::iter(chunks)).await.unwrap();
        assert_eq!(f.size, 11);
        assert_eq!(f.sha256, "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
        assert_eq!(std::fs::read(s.path(&f.key)).unwrap(), b"hello world");
        assert_eq!(count(&dir.join("tmp")), 0);
    }

    #[tokio::test]
    async fn too_large_and_interrupted_uploads_leave_nothing() {
        let (s, dir) = store(8);
        let big = vec![Ok::<_, io::Error>(Bytes::from_static(b"12345")), Ok(Bytes::from_static(b"67890"))];
        assert!(matches!(s.put(futures::stream::iter(big)).await, Err(PutError::TooLarge(8))));
        let cut = vec![Ok(Bytes::from_static(b"1234")), Err(io::Error::other("connection reset"))];
        assert!(matches!(s.put(futures::stream::iter(cut)).await, Err(PutError::Interrupted(_))));
        assert!(matches!(s.put_bytes(vec![]).await, Err(PutError::Empty)));
        assert_eq!(count(&dir.join("tmp")), 0);
        assert_eq!(count(&dir.join("objects")), 0);
    }
}
