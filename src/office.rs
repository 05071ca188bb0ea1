//! LibreOffice behind a bounded queue: a .docx made into a PDF by `soffice --headless`, a few at a
//! time (`THIDUA_PDF_WORKERS`), a few more waiting (`THIDUA_PDF_QUEUE`), and "busy, try again"
//! beyond that; each conversion runs in a process group of its own, killed whole when it runs past
//! `THIDUA_PDF_TIMEOUT_SECONDS` or when the request that asked for it goes away.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Why a conversion gave no PDF.
#[derive(Debug)]
pub enum ConvertError {
    /// every worker busy and the queue full: try again in a moment
    Busy,
    /// it ran past its time and was killed
    TimedOut,
    Failed(anyhow::Error),
}

/// The converter a server shares between its requests.
pub struct Converter {
    program: String,
    running: Arc<Semaphore>,
    workers: usize,
    waiting: AtomicUsize,
    queue: usize,
    timeout: Duration,
}

impl Converter {
    /// `workers` conversions at once, `queue` more waiting, each killed after `timeout`; `program`
    /// is the `soffice` to run.
    pub fn new(program: &str, workers: usize, queue: usize, timeout: Duration) -> Converter {
        Converter {
            program: program.to_string(),
            running: Arc::new(Semaphore::new(workers.max(1))),
            workers: workers.max(1),
            waiting: AtomicUsize::new(0),
            queue,
            timeout,
        }
    }

    /// Conversions running now, and requests waiting for a worker (the metrics).
    pub fn load(&self) -> (usize, usize) {
        let running = self
            .workers
            .saturating_sub(self.running.available_permits());
        (running, self.waiting.load(Ordering::Relaxed))
    }

    /// `docx` as PDF.
    pub async fn docx_to_pdf(&self, docx: Vec<u8>) -> Result<Vec<u8>, ConvertError> {
        // a worker free, or a place in the queue, or "busy" at once
        let waiting = self.waiting.fetch_add(1, Ordering::SeqCst);
        if self.running.available_permits() == 0 && waiting >= self.queue {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(ConvertError::Busy);
        }
        let permit = self.running.clone().acquire_owned().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let turn = permit.map_err(|e| ConvertError::Failed(e.into()))?;
        let result = self.run(docx).await;
        drop(turn);
        result
    }

    async fn run(&self, docx: Vec<u8>) -> Result<Vec<u8>, ConvertError> {
        let failed = |e: std::io::Error| ConvertError::Failed(e.into());
        let scratch = crate::scratch::Scratch::new("pdf").map_err(failed)?;
        let dir = scratch.path();
        std::fs::write(dir.join("qd.docx"), &docx).map_err(failed)?;
        let mut cmd = tokio::process::Command::new(&self.program);
        cmd.args(["--headless", "--convert-to", "pdf", "qd.docx"])
            .arg(format!(
                "-env:UserInstallation=file://{}/profile",
                dir.display()
            ))
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .process_group(0);
        let child = cmd.spawn().map_err(|e| {
            ConvertError::Failed(anyhow::anyhow!("LibreOffice (soffice) cannot run: {e}"))
        })?;
        // the whole group goes if this future is dropped (the request gone) or times out
        let group = KillGroup(child.id());
        let out = match tokio::time::timeout(self.timeout, child.wait_with_output()).await {
            Ok(out) => out.map_err(failed)?,
            Err(_) => return Err(ConvertError::TimedOut),
        };
        group.disarm();
        if !out.status.success() {
            return Err(ConvertError::Failed(anyhow::anyhow!(
                "soffice: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        std::fs::read(dir.join("qd.pdf")).map_err(failed)
    }
}

/// Kills a process group when dropped, unless disarmed.
struct KillGroup(Option<u32>);

impl KillGroup {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for KillGroup {
    fn drop(&mut self) {
        if let Some(pid) = self.0 {
            // the group's id is its leader's pid (process_group(0)); `kill -KILL -<pgid>`
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
        }
    }
}
