//! A service about to be written, with the APIs folded into it. `services` builds
//! them and `apis` adds to them, so the type lives here, below both.

/// A service about to be written.
#[derive(Debug, Clone, Default)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub description: String,
    pub owner: String,
    pub tier: u8,
    pub lifecycle: Option<String>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub system: Option<String>,
    pub repository: Option<String>,
    pub runbook: Option<String>,
    pub chat: Option<String>,
    /// (service id, note).
    pub depends_on: Vec<(String, Option<String>)>,
    pub dashboards: Vec<(String, String)>,
    pub links: Vec<(String, String)>,
    pub apis: Vec<Api>,
}

/// An API a service provides, for its prose page.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub kind: Option<String>,
    pub lifecycle: Option<String>,
    pub description: Option<String>,
    pub definition: Option<String>,
}

impl Service {
    /// Adds a dependency on service `id`, unless it is this service or already there.
    pub fn add_dep(&mut self, id: String, note: Option<String>) {
        if id != self.id && !self.depends_on.iter().any(|(d, _)| *d == id) {
            self.depends_on.push((id, note));
        }
    }
}
