//! What the security page's cards share.

use leptos::prelude::*;
use stylers::style_sheet;

pub fn security_class() -> &'static str {
    let class = style_sheet!("src/pages/security/security.css");
    class
}

/// What the page asks the server again after a change: the overview, the sessions and the log
/// are one picture.
#[derive(Clone, Copy)]
pub struct Reload(pub RwSignal<u32>);

impl Reload {
    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
    pub fn track(self) {
        self.0.track();
    }
}
