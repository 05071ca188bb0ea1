//! The programs the app runs on files, each behind a bounded queue with a time limit: LibreOffice
//! makes a decision's .docx into a PDF (`soffice --headless`, a few at a time: `THIDUA_PDF_WORKERS`,
//! a few more waiting: `THIDUA_PDF_QUEUE`), and poppler reads a signed PDF back (`pdftotext` for
//! its words, `pdfsig` for its signatures; quick, so more at once). Beyond the queue the answer is
//! "busy, try again"; each run is a process group of its own, killed whole when it runs past
//! `THIDUA_PDF_TIMEOUT_SECONDS` or when the request that asked for it goes away. Handlers call
//! [`Renderer`]; none runs a program itself.

use crate::domain::signature::{Signature, parse_pdfsig};
use crate::scratch::Scratch;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Why a run gave no result.
#[derive(Debug)]
pub enum RunError {
    /// every worker busy and the queue full: try again in a moment
    Busy,
    /// it ran past its time and was killed
    TimedOut,
    Failed(anyhow::Error),
}

impl From<std::io::Error> for RunError {
    fn from(e: std::io::Error) -> Self {
        RunError::Failed(e.into())
    }
}

/// One program's turns: `workers` runs at once, `queue` more waiting, each killed after `timeout`.
pub struct Turns {
    running: Arc<Semaphore>,
    workers: usize,
    waiting: AtomicUsize,
    queue: usize,
    timeout: Duration,
}

impl Turns {
    pub fn new(workers: usize, queue: usize, timeout: Duration) -> Turns {
        Turns {
            running: Arc::new(Semaphore::new(workers.max(1))),
            workers: workers.max(1),
            waiting: AtomicUsize::new(0),
            queue,
            timeout,
        }
    }

    /// How many run now, and how many wait for a turn.
    pub fn load(&self) -> (usize, usize) {
        (
            self.workers - self.running.available_permits(),
            self.waiting.load(Ordering::SeqCst),
        )
    }

    /// A turn: a worker free, or a place in the queue, or "busy" at once.
    async fn take(&self) -> Result<OwnedSemaphorePermit, RunError> {
        let waiting = self.waiting.fetch_add(1, Ordering::SeqCst);
        if self.running.available_permits() == 0 && waiting >= self.queue {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(RunError::Busy);
        }
        let permit = self.running.clone().acquire_owned().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        permit.map_err(|e| RunError::Failed(e.into()))
    }

    /// Runs `program args…` in `dir` (the caller holds a turn: [`take`](Self::take)), in a process
    /// group of its own, in UTC; its output whatever its exit status (pdfsig answers non-zero for a
    /// PDF without signatures).
    async fn run(
        &self,
        dir: &Scratch,
        program: &str,
        args: &[&str],
    ) -> Result<std::process::Output, RunError> {
        let mut cmd = tokio::process::Command::new(program);
        cmd.args(args)
            .current_dir(dir.path())
            .env("TZ", "UTC")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .process_group(0);
        let child = cmd
            .spawn()
            .map_err(|e| RunError::Failed(anyhow::anyhow!("{program} cannot run: {e}")))?;
        // the whole group goes if this future is dropped (the request gone) or times out
        let group = KillGroup(child.id());
        let out = match tokio::time::timeout(self.timeout, child.wait_with_output()).await {
            Ok(out) => out?,
            Err(_) => return Err(RunError::TimedOut),
        };
        group.disarm();
        Ok(out)
    }
}

/// What pdfsig read of a PDF: its first signature, and that signature's CMS (DER).
pub struct Examined {
    pub sig: Option<Signature>,
    pub cms: Option<Vec<u8>>,
}

/// The programs a server shares between its requests.
pub struct Renderer {
    soffice: String,
    pub office: Turns,
    pub poppler: Turns,
}

impl Renderer {
    /// `soffice` is the LibreOffice to run, `workers` conversions at once and `queue` more
    /// waiting; poppler's quick reads get four times as many of each. Every run stops at `timeout`.
    pub fn new(soffice: &str, workers: usize, queue: usize, timeout: Duration) -> Renderer {
        Renderer {
            soffice: soffice.to_string(),
            office: Turns::new(workers, queue, timeout),
            poppler: Turns::new(4 * workers.max(1), 4 * queue, timeout),
        }
    }

    /// `docx` as PDF, made by LibreOffice.
    pub async fn docx_to_pdf(&self, docx: Vec<u8>) -> Result<Vec<u8>, RunError> {
        let dir = Scratch::new("pdf")?;
        std::fs::write(dir.join("qd.docx"), &docx)?;
        let profile = format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        );
        let args = ["--headless", "--convert-to", "pdf", "qd.docx", &profile];
        let _turn = self.office.take().await?;
        let out = self.office.run(&dir, &self.soffice, &args).await?;
        if !out.status.success() {
            return Err(RunError::Failed(anyhow::anyhow!(
                "soffice: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        Ok(std::fs::read(dir.join("qd.pdf"))?)
    }

    /// What poppler prints for `pdf`, written once as `d.pdf` in a scratch directory, for each run
    /// of `runs` (`(tool, args before the file, args after it)`), all in one turn of its queue;
    /// and the directory (for the files a run wrote).
    async fn poppler(
        &self,
        pdf: &[u8],
        runs: &[(&str, &[&str], &[&str])],
    ) -> Result<(Vec<String>, Scratch), RunError> {
        let dir = Scratch::new("pdf-check")?;
        std::fs::write(dir.join("d.pdf"), pdf)?;
        let mut out = Vec::with_capacity(runs.len());
        let _turn = self.poppler.take().await?;
        for (tool, args, after) in runs {
            let all: Vec<&str> = args
                .iter()
                .chain(&["d.pdf"])
                .chain(*after)
                .copied()
                .collect();
            let o = self
                .poppler
                .run(&dir, tool, &all)
                .await
                .map_err(|e| match e {
                    RunError::Failed(e) => RunError::Failed(e.context("poppler-utils")),
                    e => e,
                })?;
            out.push(String::from_utf8_lossy(&o.stdout).into_owned());
        }
        Ok((out, dir))
    }

    /// The text of `pdf` as pdftotext reads it (UTF-8).
    pub async fn pdf_text(&self, pdf: &[u8]) -> Result<String, RunError> {
        let (mut out, _) = self
            .poppler(pdf, &[("pdftotext", &["-enc", "UTF-8"], &["-"])])
            .await?;
        Ok(out.remove(0))
    }

    /// What pdfsig says of every signature of `pdf` (its report, read by `domain::signature`).
    pub async fn pdfsig(&self, pdf: &[u8]) -> Result<String, RunError> {
        let (mut out, _) = self.poppler(pdf, &[("pdfsig", &[], &[])]).await?;
        Ok(out.remove(0))
    }

    /// pdfsig over `pdf`: its first signature, and that signature's CMS (dumped beside the file).
    pub async fn examine(&self, pdf: &[u8]) -> Result<Examined, RunError> {
        let runs: [(&str, &[&str], &[&str]); 2] =
            [("pdfsig", &[], &[]), ("pdfsig", &["-dump"], &[])];
        let (out, dir) = self.poppler(pdf, &runs).await?;
        Ok(Examined {
            sig: parse_pdfsig(&out[0]),
            cms: std::fs::read(dir.join("d.pdf.sig0")).ok(),
        })
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
