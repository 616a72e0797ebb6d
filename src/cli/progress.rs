//! A progress bar on standard error for jobs the CLI runs inline; nothing is drawn off a terminal.

use std::io::IsTerminal;

use byline_core::jobs::{JobCtl, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Drawn only when standard error is a terminal, so scripts and pipes see byte-identical output.
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    pub fn for_stderr(what: &str) -> Self {
        if !std::io::stderr().is_terminal() {
            return Bar { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Bar { bar: Some(bar) }
    }

    /// A job control whose progress reports move this bar (a detached one when nothing is drawn).
    pub fn job_ctl(&self) -> JobCtl {
        let Some(bar) = self.bar.clone() else { return JobCtl::detached() };
        JobCtl::reporting(move |p: &Progress| {
            if let Some(total) = p.total {
                bar.set_length(total);
            }
            bar.set_position(p.done);
            if !p.note.is_empty() {
                bar.set_message(p.note.clone());
            }
        })
    }

    /// Removes the bar, so the summary lines that follow start on a clean line.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
