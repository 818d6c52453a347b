//! (being written)

use std::collections::HashMap;

use crate::app::AppState;

pub async fn load(_state: &AppState, _people: &HashMap<&str, i64>) -> anyhow::Result<()> {
    Ok(())
}
