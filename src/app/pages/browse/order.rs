//! `o`: the loaded rows in another order (date, name, sender or author, size), and back to
//! the server's.

use std::cmp::Ordering;

use super::*;

/// The order the rows are shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowOrder {
    /// As the server listed them.
    #[default]
    Server,
    Newest,
    Name,
    Detail,
    Largest,
}

impl RowOrder {
    /// The next order `o` gives.
    fn next(self) -> RowOrder {
        match self {
            RowOrder::Server => RowOrder::Newest,
            RowOrder::Newest => RowOrder::Name,
            RowOrder::Name => RowOrder::Detail,
            RowOrder::Detail => RowOrder::Largest,
            RowOrder::Largest => RowOrder::Server,
        }
    }

    /// How the header says it ("newest first"); the columns name and detail are the level's.
    pub fn words(self, name: &str, detail: &str) -> String {
        match self {
            RowOrder::Server => "as listed".into(),
            RowOrder::Newest => "newest first".into(),
            RowOrder::Name => format!("by {} A–Z", name.to_lowercase()),
            RowOrder::Detail => format!("by {} A–Z", detail.to_lowercase()),
            RowOrder::Largest => "largest first".into(),
        }
    }

    /// Rows without the value ordered by go last, in the server's order.
    fn compare(self, a: &Row, b: &Row) -> Ordering {
        let text = |r: &Row, f: fn(&Row) -> &str| f(r).to_lowercase();
        match self {
            RowOrder::Server => Ordering::Equal,
            RowOrder::Newest => last_if_none(a.when(), b.when()).reverse(),
            RowOrder::Name => text(a, Row::title).cmp(&text(b, Row::title)),
            RowOrder::Detail => text(a, Row::detail).cmp(&text(b, Row::detail)),
            RowOrder::Largest => last_if_none(a.size(), b.size()).reverse(),
        }
    }
}

/// Orders present values ascending, with missing ones first (reversed: last).
fn last_if_none<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    a.cmp(&b)
}

impl BrowsePage {
    /// `o`: the next order of what is loaded; the last goes back to the server's order.
    pub(super) fn cycle_order(&mut self, shared: &mut Shared) -> Flow {
        let next = if self.list.ordered() { self.order.next() } else { RowOrder::Newest };
        self.order = next;
        if next == RowOrder::Server {
            let reqs = self.list.clear_order();
            return self.send(reqs, shared);
        }
        self.list.order_loaded(|a, b| next.compare(a, b));
        if self.list.total().is_none_or(|t| t > self.list.loaded()) {
            shared.status.text = Some(format!(
                "The order covers the {} rows loaded; {} again goes back to the server's order.",
                crate::units::thousands(self.list.loaded()),
                key(Intent::CycleOrder)
            ));
        }
        Flow::none()
    }
}
