//! Quitting with text in the compose pane: it is in the autosave slot, or, when the database
//! could not take it (a lock held elsewhere, a read-only file, a full disk), in a recovery file;
//! and at the next start, a recovery file back into the autosave slot, to be offered back.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use super::error::TuiError;
use crate::app::views::compose::open::draft_of;
use crate::app::{AppState, Msg};
use byline_core::store::{self, Store};

/// Where the text typed in the compose pane went when byline quit.
pub enum Kept {
    /// No unsaved text.
    Nothing,
    /// In the database's autosave slot; offered back at the next start.
    Autosave,
    /// In a recovery file, because the database could not take it (`why`).
    Recovery { path: PathBuf, why: String },
    /// Neither: the text is printed on stderr after the terminal is restored.
    Printed { why: String, file_error: String, text: String },
}

/// Checks that the autosave asked for on quit reached the database (read back on the drawing
/// thread's connection, which a lock never blocks); if not, writes a recovery file. `flushed`
/// says whether the queued writes finished in time; errors they sent explain a failure.
pub fn keep(state: &AppState, store: &Store, flushed: bool, rx: &Receiver<Msg>) -> Kept {
    let Some(compose) = state.compose.as_ref().filter(|c| c.form.dirty()) else { return Kept::Nothing };
    let draft = draft_of(&compose.form);
    let landed = flushed && store::load_autosave(store.conn()).ok().flatten().is_some_and(|(saved, _)| saved == draft);
    if landed {
        return Kept::Autosave;
    }
    let last_error = rx.try_iter().filter_map(|m| if let Msg::Error(e) = m { Some(e) } else { None }).last();
    let why = match (flushed, last_error) {
        (false, _) => "the database stayed locked by another program".to_string(),
        (true, Some(e)) => e,
        (true, None) => "the autosave did not reach the database".to_string(),
    };
    match byline_core::recovery::write(&draft, store.path(), &why, store.now()) {
        Ok(path) => Kept::Recovery { path, why },
        Err(e) => Kept::Printed {
            why,
            file_error: e.to_string(),
            text: byline_core::recovery::render(&draft, store.path(), "", store.now()),
        },
    }
}

/// At start, with the autosave slot empty: the oldest readable recovery file of this database
/// (another blog's post ids mean nothing here) moves into it if
/// the database takes it now (without waiting on a lock), so the usual question offers it back.
/// The file is removed only once the slot holds its text. Returns the file adopted.
pub fn adopt_recovered(store: &Store) -> Option<PathBuf> {
    if store::load_autosave(store.conn()).ok()?.is_some() {
        return None;
    }
    let (path, draft) = byline_core::recovery::waiting()
        .into_iter()
        .filter(|p| byline_core::recovery::is_for(p, store.path()))
        .find_map(|p| byline_core::recovery::read(&p).map(|d| (p, d)))?;
    store.set_busy_timeout(std::time::Duration::ZERO).ok()?;
    let saved = store::save_autosave(store.conn(), &draft, store.now());
    let _ = store.set_busy_timeout(store::BUSY_WAIT);
    saved.ok()?;
    std::fs::remove_file(&path).ok()?;
    Some(path)
}

/// Says where the text went, once the terminal is the shell's again; a recovery is an error
/// (the exit status says the save failed), the autosave slot a note.
pub fn report(kept: Kept, result: Result<(), TuiError>) -> Result<(), TuiError> {
    match kept {
        Kept::Nothing => result,
        Kept::Autosave => {
            eprintln!("byline: your unsaved text is in the autosave slot; byline offers it back at the next start");
            result
        }
        Kept::Recovery { path, why } => result.and(Err(TuiError::Recovered { path, why })),
        Kept::Printed { why, file_error, text } => {
            eprintln!("{text}");
            result.and(Err(TuiError::Unsaved { why, file_error }))
        }
    }
}
