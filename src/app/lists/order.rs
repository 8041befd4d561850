//! Ordering what is loaded: a permutation of the loaded rows (or of a filter's matches) that
//! a page sets with a comparison. It covers the rows loaded when it was set; while it stands
//! no page is read, so positions never move under the reader.

use std::cmp::Ordering;

use super::{PageRequest, PagedList};

impl<T> PagedList<T> {
    /// Orders the loaded rows (the matches, with a filter) by `cmp`; the selected row stays
    /// selected. The order replaces any earlier one.
    pub fn order_loaded(&mut self, cmp: impl Fn(&T, &T) -> Ordering) {
        self.unorder();
        let selected = self.selected_index();
        let size = self.page_size;
        let mut rows: Vec<u64> = match &self.filter {
            Some(f) => f.matches.clone(),
            None => self
                .pages
                .iter()
                .flat_map(|(&page, rows)| (0..rows.len() as u64).map(move |i| page * size + i))
                .collect(),
        };
        rows.sort_by(|a, b| match (self.get(*a), self.get(*b)) {
            (Some(a), Some(b)) => cmp(a, b),
            _ => Ordering::Equal,
        });
        self.selected = selected
            .and_then(|s| rows.iter().position(|r| *r == s))
            .unwrap_or(0) as u64;
        self.order = Some(rows);
        self.first = 0;
        self.clamp();
        self.scroll_to_selection();
    }

    /// Whether an order of the loaded rows stands.
    pub fn ordered(&self) -> bool {
        self.order.is_some()
    }

    /// Back to the server's order, the selected row still selected; loading goes on.
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn clear_order(&mut self) -> Vec<PageRequest> {
        self.unorder();
        self.fill()
    }

    /// Drops the order, keeping the selected row selected (its place in the matches, with a
    /// filter).
    pub(super) fn unorder(&mut self) {
        let Some(order) = self.order.take() else {
            return;
        };
        let screen = self.selected.saturating_sub(self.first);
        let Some(&row) = order.get(self.selected as usize) else {
            self.selected = 0;
            self.first = 0;
            return;
        };
        self.selected = match &self.filter {
            Some(f) => f.matches.partition_point(|&m| m < row) as u64,
            None => row,
        };
        self.clamp();
        self.first = self.selected.saturating_sub(screen);
        self.scroll_to_selection();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(rows: &[u32]) -> PagedList<u32> {
        let mut l: PagedList<u32> = PagedList::with_page_size(3, |r, q| r.to_string() == q);
        let mut queue = l.set_view(10);
        while let Some(r) = queue.pop() {
            let from = r.offset as usize;
            let page: Vec<u32> = rows.iter().skip(from).take(3).copied().collect();
            queue.extend(l.on_page(r, Ok((page, Some(rows.len() as u64)))));
        }
        l
    }

    #[test]
    fn an_order_covers_what_is_loaded_keeps_the_selection_and_reads_nothing() {
        let mut l = list(&[5, 1, 4, 2, 3]);
        assert_eq!(l.loaded(), 5);
        let _ = l.select(2); // 4
        l.order_loaded(|a, b| a.cmp(b));
        let shown: Vec<u32> = (0..l.rows()).filter_map(|p| l.row(p).copied()).collect();
        assert_eq!(shown, [1, 2, 3, 4, 5]);
        assert_eq!(l.selected_row(), Some(&4));
        assert!(l.ordered() && !l.is_loading_row(0));
        assert!(l.down().is_empty(), "no page is read while ordered");
        assert_eq!(l.selected_row(), Some(&5));
        let _ = l.clear_order();
        assert_eq!(l.selected_row(), Some(&5));
        assert_eq!(l.selected(), 0, "5 is the first row in the server's order");
    }

    #[test]
    fn an_order_of_a_filter_orders_its_matches_and_gives_them_back() {
        let mut l: PagedList<u32> =
            PagedList::with_page_size(10, |r, q| r % 2 == 1 && !q.is_empty());
        let reqs = l.set_view(10);
        for r in reqs {
            let _ = l.on_page(r, Ok((vec![5, 2, 1, 4, 3], Some(5))));
        }
        let _ = l.set_filter("odd");
        l.order_loaded(|a, b| b.cmp(a));
        let shown: Vec<u32> = (0..l.rows()).filter_map(|p| l.row(p).copied()).collect();
        assert_eq!(shown, [5, 3, 1]);
        let _ = l.select(2); // 1
        let _ = l.clear_order();
        assert_eq!(l.selected_row(), Some(&1));
        assert_eq!(l.rows(), 3, "still filtered");
    }
}
