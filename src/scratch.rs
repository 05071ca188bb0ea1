//! Scratch directories for the programs the app runs on files (LibreOffice, poppler) and the files
//! OpenSSL reads: a fresh directory under the temporary directory, with a random name, removed with
//! everything in it when the value is dropped (also when the request that made it goes away).

use std::path::{Path, PathBuf};

pub struct Scratch(PathBuf);

impl Scratch {
    /// A new empty directory named `thidua-{what}-{random}`.
    pub fn new(what: &str) -> std::io::Result<Scratch> {
        let mut rnd = [0u8; 8];
        getrandom::fill(&mut rnd).map_err(|e| std::io::Error::other(format!("random: {e}")))?;
        let name: String = rnd.iter().map(|b| format!("{b:02x}")).collect();
        let dir = std::env::temp_dir().join(format!("thidua-{what}-{name}"));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
