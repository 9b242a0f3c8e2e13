//! Embedded SQLite persistence. Every entity is one row `(kind, id, body)` holding its JSON
//! document; the server loads all rows at start and writes each change through before answering.
//! Without `--data` the database lives in memory, so both modes run the same code.

use rusqlite::{params, Connection};
use serde::{de::DeserializeOwned, Serialize};
use std::path::Path;

/// The SQLite connection and its prepared statements.
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

/// A storage failure, as text for logs and 500 answers.
pub type StoreError = String;

impl Store {
    /// Opens (or creates) the database; `None` for a private in-memory database.
    pub fn open(path: Option<&Path>) -> Result<Store, StoreError> {
        let conn = match path {
            Some(p) => Connection::open(p),
            None => Connection::open_in_memory(),
        }
        .map_err(|e| format!("cannot open database: {e}"))?;
        // Each workspace has its own connection to the same file: wait for the others' writes
        // instead of failing with SQLITE_BUSY.
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| format!("cannot set the busy timeout: {e}"))?;
        if path.is_some() {
            // WAL + NORMAL: durable across process restarts, cheap per write.
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| format!("cannot enable WAL: {e}"))?;
            conn.pragma_update(None, "synchronous", "NORMAL")
                .map_err(|e| format!("cannot set synchronous: {e}"))?;
        }
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS docs (
                kind TEXT NOT NULL,
                id   TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (kind, id)
            ) WITHOUT ROWID;",
        )
        .map_err(|e| format!("cannot create schema: {e}"))?;
        Ok(Store { conn })
    }

    /// Inserts or replaces one document.
    pub fn put<T: Serialize>(&self, kind: &str, id: &str, doc: &T) -> Result<(), StoreError> {
        let body = serde_json::to_string(doc).map_err(|e| e.to_string())?;
        let mut stmt = self
            .conn
            .prepare_cached("INSERT OR REPLACE INTO docs (kind, id, body) VALUES (?1, ?2, ?3)")
            .map_err(|e| e.to_string())?;
        stmt.execute(params![kind, id, body])
            .map(|_| ())
            .map_err(|e| format!("write failed: {e}"))
    }

    /// Removes one document.
    pub fn delete(&self, kind: &str, id: &str) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("DELETE FROM docs WHERE kind = ?1 AND id = ?2")
            .map_err(|e| e.to_string())?;
        stmt.execute(params![kind, id])
            .map(|_| ())
            .map_err(|e| format!("delete failed: {e}"))
    }

    /// Every document of one kind, in id order. Rows that no longer parse are skipped and reported.
    pub fn load<T: DeserializeOwned>(&self, kind: &str) -> Result<Vec<T>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, body FROM docs WHERE kind = ?1 ORDER BY id")
            .map_err(|e| e.to_string())?;
        let rows = stmt
            .query_map(params![kind], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        for row in rows {
            let (id, body) = row.map_err(|e| e.to_string())?;
            match crate::validate::go_unmarshal(body.as_bytes()) {
                Ok(doc) => out.push(doc),
                Err(e) => eprintln!("unkey-local: skipping unreadable {kind} {id}: {e}"),
            }
        }
        Ok(out)
    }
}
