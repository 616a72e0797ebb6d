//! The compose pane's autosave slot: what was being written survives a crash or a killed terminal.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Result, StoreError};
use crate::domain::PostId;

/// The compose form as typed, valid or not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The post being edited; None for a new post.
    pub post_id: Option<PostId>,
    pub title: String,
    /// Empty: derived from the title (new post) or kept (edit). Absent from older autosaves.
    #[serde(default)]
    pub slug: String,
    pub author: String,
    pub tags: String,
    pub summary: String,
    pub body: String,
    /// Whether the edited post was published, so a restored edit shows the post's status.
    /// Absent from older autosaves.
    #[serde(default)]
    pub published: bool,
    /// The compose pane's publish field as typed (a schedule). Absent from older autosaves.
    #[serde(default)]
    pub schedule: String,
}

pub fn save_autosave(conn: &Connection, draft: &Draft, now: i64) -> Result<()> {
    let json = serde_json::to_string(draft).map_err(StoreError::AutosaveEncode)?;
    conn.execute(
        "INSERT INTO compose_autosave (slot, draft, saved_at) VALUES (1, ?1, ?2)
         ON CONFLICT (slot) DO UPDATE SET draft = ?1, saved_at = ?2",
        params![json, now],
    )?;
    Ok(())
}

/// The autosaved draft and when it was saved, if one is waiting.
pub fn load_autosave(conn: &Connection) -> Result<Option<(Draft, i64)>> {
    let row: Option<(String, i64)> = conn
        .query_row("SELECT draft, saved_at FROM compose_autosave WHERE slot = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.and_then(|(json, at)| serde_json::from_str(&json).ok().map(|d| (d, at))))
}

pub fn clear_autosave(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM compose_autosave", [])?;
    Ok(())
}
