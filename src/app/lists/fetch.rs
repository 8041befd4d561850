//! The list engine's internals: what the answers prove about the total, storing pages and
//! matches, and which pages to ask for next (the window, the End search, the filter's reading).

use super::{GROWTH, MAX_IN_FLIGHT, PageRequest, PagedList};

impl<T> PagedList<T> {
    pub(super) fn selected_index(&self) -> Option<u64> {
        self.row_index(self.selected)
    }

    /// The operator moved: the End search stops, and a filter remembers the move.
    pub(super) fn moved(&mut self) {
        self.seek_end = false;
        if let Some(f) = &mut self.filter {
            f.moved = true;
        }
    }

    pub(super) fn clamp(&mut self) {
        self.selected = self.selected.min(self.rows().saturating_sub(1));
        self.first = self.first.min(self.selected);
    }

    pub(super) fn scroll_to_selection(&mut self) {
        if self.selected < self.first {
            self.first = self.selected;
        } else if self.selected >= self.first.saturating_add(self.height) {
            self.first = self.selected + 1 - self.height;
        }
    }

    /// Updates the bounds of the total from an answer. The newest answer wins over older
    /// ones that contradict it (the list changed on the server).
    pub(super) fn learn(&mut self, page: u64, len: u64, total_count: Option<u64>) {
        if let Some(n) = total_count {
            self.lower = n;
            self.upper = Some(n);
            return;
        }
        let start = page.saturating_mul(self.page_size);
        if len == self.page_size {
            self.lower = self.lower.max(start.saturating_add(len));
            if self.upper.is_some_and(|u| u < self.lower) {
                self.upper = None;
            }
        } else if len > 0 {
            self.lower = start + len;
            self.upper = Some(start + len);
        } else {
            let upper = self.upper.map_or(start, |u| u.min(start));
            self.upper = Some(upper);
            self.lower = self.lower.min(upper);
        }
    }

    /// What a probe of page `page` (its first row) proves: the list goes on into it, or ends
    /// before it.
    pub(super) fn learn_probe(&mut self, page: u64, first_row_exists: bool, total: Option<u64>) {
        if total.is_some() {
            return self.learn(page, 0, total);
        }
        let start = page.saturating_mul(self.page_size);
        if first_row_exists {
            self.lower = self.lower.max(start + 1);
            if self.upper.is_some_and(|u| u < self.lower) {
                self.upper = None;
            }
        } else {
            let upper = self.upper.map_or(start, |u| u.min(start));
            self.upper = Some(upper);
            self.lower = self.lower.min(upper);
        }
    }

    pub(super) fn store(&mut self, page: u64, rows: Vec<T>) {
        let start = page * self.page_size;
        if let Some(old) = self.pages.remove(&page) {
            self.loaded -= old.len() as u64;
            self.unmatch(start, start + self.page_size);
        }
        if rows.is_empty() {
            return;
        }
        self.loaded += rows.len() as u64;
        if let Some(f) = &mut self.filter {
            let q = f.query.as_str();
            let found: Vec<u64> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| (self.matcher)(r, q))
                .map(|(i, _)| start + i as u64)
                .collect();
            if !found.is_empty() {
                let at = f.matches.partition_point(|&m| m < start) as u64;
                let added = found.len() as u64;
                let had = !f.matches.is_empty();
                let i = at as usize;
                f.matches.splice(i..i, found);
                if !had {
                    // Nothing was selected: the first match at or after where the operator was.
                    self.selected = f.matches.partition_point(|&m| m < f.anchor) as u64;
                } else if at <= self.selected {
                    // Matches above the selection: it stays on its row, at its place on screen.
                    self.selected += added;
                    self.first += added;
                }
            }
        }
        self.pages.insert(page, rows);
    }

    /// Drops the matches of rows `from..to` (a page being replaced).
    pub(super) fn unmatch(&mut self, from: u64, to: u64) {
        let Some(f) = &mut self.filter else { return };
        let a = f.matches.partition_point(|&m| m < from);
        let b = f.matches.partition_point(|&m| m < to);
        if a == b {
            return;
        }
        f.matches.drain(a..b);
        let (a, removed) = (a as u64, (b - a) as u64);
        if self.selected >= a + removed {
            self.selected -= removed;
            self.first = self.first.saturating_sub(removed);
        } else if self.selected >= a {
            self.selected = a;
        }
    }

    /// Whether page `page` may hold rows and is neither loaded nor asked for.
    pub(super) fn wanted(&self, page: u64) -> bool {
        let Some(start) = page.checked_mul(self.page_size) else {
            return false;
        };
        self.upper.is_none_or(|u| start < u)
            && !self.pages.contains_key(&page)
            && !self.in_flight.contains(&page)
    }

    pub(super) fn send(&mut self, page: u64, out: &mut Vec<PageRequest>) -> bool {
        self.ask(page, false, out)
    }

    /// Asks for page `page`, or with `probe` only for its last row (the End search).
    fn ask(&mut self, page: u64, probe: bool, out: &mut Vec<PageRequest>) -> bool {
        if self.in_flight.len() >= MAX_IN_FLIGHT || !self.wanted(page) {
            return false;
        }
        self.in_flight.insert(page);
        let offset = page * self.page_size;
        let limit = if probe { 1 } else { self.page_size };
        out.push(PageRequest {
            page,
            offset,
            limit,
            generation: self.generation,
            probe,
        });
        true
    }

    /// The page of the list's last row, once the End search has narrowed it to one; `None`
    /// while it may be in more than one page, or when that page is loaded already.
    fn last_page(&self) -> Option<u64> {
        let upper = self.upper?;
        if self.lower == 0 {
            return None;
        }
        let page = (self.lower - 1) / self.page_size;
        let same = (upper.max(1) - 1) / self.page_size == page;
        (same && !self.pages.contains_key(&page)).then_some(page)
    }

    /// Everything the current goals need, within the in-flight limit: the window first, then
    /// the End search, then the filter's background loading.
    pub(super) fn fill(&mut self) -> Vec<PageRequest> {
        let mut out = Vec::new();
        // An order covers what was loaded when it was set: nothing more is read under it.
        if self.error.is_some() || self.order.is_some() {
            return out;
        }
        if self.filter.is_none() {
            let h = self.height;
            let lo = self.first.saturating_sub(h);
            let hi = self
                .first
                .saturating_add(h.saturating_mul(2))
                .min(self.rows());
            if lo < hi {
                for page in lo / self.page_size..=(hi - 1) / self.page_size {
                    if self.in_flight.len() >= MAX_IN_FLIGHT {
                        break;
                    }
                    self.send(page, &mut out);
                }
            }
        }
        if self.seek_end && self.total().is_none() && self.probes.is_empty() {
            // Probes ask for one row each (the first answer, page 0, is read whole: it says
            // whether the server sends totals); the page the end is in is read whole.
            let free = MAX_IN_FLIGHT - self.in_flight.len();
            let (pages, probe) = match self.last_page() {
                Some(last) => (vec![last], false),
                None => (self.end_probes(free), self.answered),
            };
            for page in pages {
                if self.ask(page, probe, &mut out) {
                    self.probes.insert(page);
                }
            }
            if self.probes.is_empty() && self.in_flight.is_empty() {
                // Nothing left to learn from: the answers contradict each other.
                self.seek_end = false;
            }
        }
        if let Some(mut cursor) = self.filter.as_ref().map(|f| f.cursor) {
            while self.in_flight.len() < MAX_IN_FLIGHT {
                let Some(start) = cursor.checked_mul(self.page_size) else {
                    break;
                };
                if self.upper.is_some_and(|u| start >= u) {
                    break;
                }
                self.send(cursor, &mut out);
                cursor += 1;
            }
            if let Some(f) = &mut self.filter {
                f.cursor = cursor;
            }
        }
        out
    }

    /// The next round of the End search: at most `k` pages whose first row to ask for, none
    /// loaded or in flight. The answer is the last page with a first row; its candidates are
    /// the pages starting in `lower..upper`.
    pub(super) fn end_probes(&self, k: usize) -> Vec<u64> {
        if k == 0 {
            return Vec::new();
        }
        if !self.answered {
            // The first answer tells whether the server sends totals: wait for it.
            return vec![0];
        }
        let ps = self.page_size;
        let max_page = u64::MAX / ps - 1;
        // The first candidate: the first page starting at or after `lower`.
        let a = self.lower.div_ceil(ps).min(max_page);
        let mut points: Vec<u64> = match self.upper {
            None => {
                // Grow until a page is past the end: the next page, then GROWTH times further.
                let base = a.max(1);
                let mut v = vec![a];
                let mut step = 1u64;
                for _ in 0..3 {
                    step = step.saturating_mul(GROWTH);
                    v.push(base.saturating_mul(step).min(max_page));
                }
                v
            }
            Some(u) => {
                // Pages starting before `u` may hold rows; page `b` (starting at or past it)
                // does not.
                let b = u.div_ceil(ps);
                if b <= a {
                    return Vec::new();
                }
                let n = b - a;
                if a > 0 && b >= 2 * a {
                    let p = k.min(MAX_IN_FLIGHT).min(n as usize) as u64;
                    let (la, lb) = ((a as f64).ln(), (b as f64).ln());
                    (1..=p)
                        .map(|j| {
                            let x = (la + (lb - la) * j as f64 / (p + 1) as f64).exp();
                            (x.round() as u64).clamp(a, b - 1)
                        })
                        .collect()
                } else {
                    let p = probes_needed(n + 1).min(k as u64).min(n);
                    (0..p).map(|j| (a + n * j / p).clamp(a, b - 1)).collect()
                }
            }
        };
        points.sort_unstable();
        points.dedup();
        points.retain(|&p| self.wanted(p));
        points.truncate(k);
        points
    }
}

/// The fewest probes a round that still pin one of `n` candidates in as few rounds as
/// [`MAX_IN_FLIGHT`] probes a round would.
fn probes_needed(n: u64) -> u64 {
    let most = MAX_IN_FLIGHT as u64;
    let mut rounds = 1u32;
    while (most + 1).saturating_pow(rounds) < n {
        rounds += 1;
    }
    (1..=most)
        .find(|p| (p + 1).saturating_pow(rounds) >= n)
        .unwrap_or(most)
}
