//! One paging engine for every list: [`PagedList`].
//!
//! A pure, synchronous state machine. It never talks to the server: every call that can need
//! rows returns the [`PageRequest`]s to send now, and the caller feeds each answer back with
//! [`PagedList::on_page`], in any order. Speed is counted in round trips, so the engine keeps
//! up to [`MAX_IN_FLIGHT`] requests outstanding and never asks for the same page twice.
//!
//! - **Rows** live in a sparse map of fixed-size pages (page `i` is `offset = i * page_size`,
//!   `limit = page_size`); holes are allowed. No per-row overhead beyond `T`.
//! - **Positions.** Everything the drawing code uses ([`rows`](PagedList::rows),
//!   [`selected`](PagedList::selected), [`row`](PagedList::row),
//!   [`is_loading_row`](PagedList::is_loading_row), [`first_visible`](PagedList::first_visible))
//!   counts *positions* in the list as shown: the row index without a filter, the index into
//!   [`matches`](PagedList::matches) with one. [`row_index`](PagedList::row_index) maps a
//!   position to the row index, [`get`](PagedList::get) reads by row index.
//! - **The window.** The engine owns the scroll position: [`set_view`](PagedList::set_view)
//!   tells it the visible height, navigation keeps the selection inside
//!   `first_visible .. first_visible + height`, and the engine keeps the rows from one screen
//!   above the visible window to one screen below it loaded (`first - h .. first + 2h`).
//! - **The total** is exact from `totalCount` where the server sends one (v6/v7). Otherwise
//!   (v8) it is bounded by the answers: a full page `i` proves at least `(i + 1) * page_size`
//!   rows, a short page proves the exact total, an empty page `i` proves at most
//!   `i * page_size`; when the bounds meet the total is known. Until then the list shows the
//!   rows proven to exist plus one "loading" row.
//! - **End without a total** searches instead of reading every page: after the first answer
//!   (which tells whether the server sends totals) it probes the next page and pages ×8, ×64
//!   and ×512 further, concurrently; once a page beyond the end is found it narrows the gap
//!   between the highest full page and the lowest page past the end with up to four concurrent
//!   probes a round (split geometrically while the gap spans more than a factor of two, evenly
//!   after that, with no more probes than needed for the rounds left). Probes are ordinary
//!   pages, so their rows are kept. 100,000 rows at 1,000 a page: 6 rounds, 18 requests from
//!   a list that has nothing loaded, 5 rounds and 17 requests once the first page is there.
//!   [`seeking_end`](PagedList::seeking_end) is true meanwhile; then the last row is selected.
//! - **Filter**: [`set_filter`](PagedList::set_filter) with the matcher given at construction
//!   (the query is trimmed and lowercased here; the matcher lowercases the row's side). Only
//!   matching loaded rows are shown; matches are kept sorted and updated per page as pages
//!   arrive. A list that is not fully loaded is read to the end in the background, four pages
//!   at a time, in ascending order (on v8 until a short or empty page).
//! - **Errors.** An error answer frees its slot, is kept in [`error`](PagedList::error), and
//!   from then on nothing is requested (no window, no End search, no background loading; rows
//!   still in flight are stored when they arrive) until [`retry`](PagedList::retry), which
//!   resumes what the current goal needs, or [`reset`](PagedList::reset).

use std::collections::{BTreeMap, BTreeSet};

mod calls;
mod fetch;
mod order;

pub use calls::PageCalls;

/// Rows per page unless the list is built with [`PagedList::with_page_size`].
pub const PAGE_SIZE: u64 = 1000;
/// Requests outstanding at most, whatever the goal.
pub const MAX_IN_FLIGHT: usize = 4;
/// How much further each probe of the End search reaches while no end has been seen.
const GROWTH: u64 = 8;

/// A page the engine wants: send `GET …?offset=&limit=`, then hand the answer to
/// [`PagedList::on_page`] together with this request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub page: u64,
    pub offset: u64,
    pub limit: u64,
    /// The list's generation when asked; answers from an older generation are ignored.
    pub generation: u64,
    /// The End search asking only whether the page's last row exists (`limit` 1): its answer
    /// moves the bounds of the total and is not kept as rows.
    pub probe: bool,
}

/// An answer: the rows and the `totalCount` when the server sends one, or the error text.
pub type PageResult<T> = Result<(Vec<T>, Option<u64>), String>;

/// Whether a row matches a query (already trimmed and lowercased).
pub type Matcher<T> = fn(&T, &str) -> bool;

/// Where a filter stands, for a header such as "12 matches among 3,400 of 100,000 loaded".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilterProgress {
    pub matches: u64,
    /// Rows loaded (and matched against the query).
    pub loaded: u64,
    /// The total, once known.
    pub total: Option<u64>,
    /// Every row has been loaded: `matches` is final.
    pub complete: bool,
}

#[derive(Debug)]
struct Filter {
    query: String,
    /// Row indices of the matching loaded rows, ascending.
    matches: Vec<u64>,
    /// The row selected before the filter was set, and its place on screen.
    anchor: u64,
    anchor_screen: u64,
    /// Whether the operator moved the selection while filtering.
    moved: bool,
    /// No page below this one needs to be requested by the background loading.
    cursor: u64,
}

/// A list of `T` read page by page from the server. See the module documentation.
#[derive(Debug)]
pub struct PagedList<T> {
    page_size: u64,
    generation: u64,
    pages: BTreeMap<u64, Vec<T>>,
    loaded: u64,
    in_flight: BTreeSet<u64>,
    /// The pages in flight that the End search asked for.
    probes: BTreeSet<u64>,
    /// Whether any page has been answered in this generation.
    answered: bool,
    /// At least this many rows exist.
    lower: u64,
    /// At most this many rows exist.
    upper: Option<u64>,
    selected: u64,
    first: u64,
    height: u64,
    seek_end: bool,
    error: Option<String>,
    matcher: Matcher<T>,
    filter: Option<Filter>,
    /// Row indices in the order a page asked for (see `order.rs`).
    order: Option<Vec<u64>>,
}

impl<T> PagedList<T> {
    /// An empty list of [`PAGE_SIZE`] pages; call [`set_view`](Self::set_view) to load it.
    pub fn new(matcher: Matcher<T>) -> Self {
        Self::with_page_size(PAGE_SIZE, matcher)
    }

    /// An empty list with another page size (at least 1).
    pub fn with_page_size(page_size: u64, matcher: Matcher<T>) -> Self {
        PagedList {
            page_size: page_size.max(1),
            generation: 0,
            pages: BTreeMap::new(),
            loaded: 0,
            in_flight: BTreeSet::new(),
            probes: BTreeSet::new(),
            answered: false,
            lower: 0,
            upper: None,
            selected: 0,
            first: 0,
            height: 1,
            seek_end: false,
            error: None,
            matcher,
            filter: None,
            order: None,
        }
    }

    // ----------------------------------------------------------------------------------
    // Reading, for drawing.

    pub fn page_size(&self) -> u64 {
        self.page_size
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Positions the selection can move over: the matches with a filter; else the total when
    /// known, else the rows proven to exist plus one "loading" row.
    pub fn rows(&self) -> u64 {
        if let Some(o) = &self.order {
            return o.len() as u64;
        }
        match (&self.filter, self.total()) {
            (Some(f), _) => f.matches.len() as u64,
            (None, Some(total)) => total,
            (None, None) => self.lower.saturating_add(1),
        }
    }

    /// The row shown at a position, if it is loaded.
    pub fn row(&self, pos: u64) -> Option<&T> {
        self.row_index(pos).and_then(|i| self.get(i))
    }

    /// The row index shown at a position (with a filter, the match's index in the list).
    pub fn row_index(&self, pos: u64) -> Option<u64> {
        if let Some(o) = &self.order {
            return o.get(usize::try_from(pos).ok()?).copied();
        }
        match &self.filter {
            Some(f) => f.matches.get(usize::try_from(pos).ok()?).copied(),
            None => (pos < self.rows()).then_some(pos),
        }
    }

    /// A loaded row by its index in the whole list.
    pub fn get(&self, index: u64) -> Option<&T> {
        let page = self.pages.get(&(index / self.page_size))?;
        page.get(usize::try_from(index % self.page_size).ok()?)
    }

    /// Whether a position is shown as "loading…" (inside the list, not loaded yet).
    pub fn is_loading_row(&self, pos: u64) -> bool {
        self.filter.is_none()
            && self.order.is_none()
            && pos < self.rows()
            && self.get(pos).is_none()
    }

    /// The selected position (see [`rows`](Self::rows)).
    pub fn selected(&self) -> u64 {
        self.selected
    }

    /// The selected row, if loaded.
    pub fn selected_row(&self) -> Option<&T> {
        self.row(self.selected)
    }

    /// The first visible position: the engine scrolls so the selection stays visible.
    pub fn first_visible(&self) -> u64 {
        self.first
    }

    /// The visible height last given to [`set_view`](Self::set_view) or a page move.
    pub fn height(&self) -> u64 {
        self.height
    }

    /// The exact number of rows, once known.
    pub fn total(&self) -> Option<u64> {
        (self.upper == Some(self.lower)).then_some(self.lower)
    }

    /// Rows proven to exist (a lower bound of the total).
    pub fn known_rows(&self) -> u64 {
        self.lower
    }

    /// Rows loaded.
    pub fn loaded(&self) -> u64 {
        self.loaded
    }

    /// Requests outstanding.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Whether End is still looking for the last row ("finding the end…").
    pub fn seeking_end(&self) -> bool {
        self.seek_end && self.error.is_none()
    }

    /// The last error answer, kept until [`retry`](Self::retry) or [`reset`](Self::reset).
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The filter's query (trimmed, lowercased), if one is set.
    pub fn filter(&self) -> Option<&str> {
        self.filter.as_ref().map(|f| f.query.as_str())
    }

    /// The row indices matching the filter among the loaded rows, ascending (empty without a
    /// filter).
    pub fn matches(&self) -> &[u64] {
        self.filter.as_ref().map_or(&[], |f| &f.matches)
    }

    /// How far the filter has got, when one is set.
    pub fn filter_progress(&self) -> Option<FilterProgress> {
        let f = self.filter.as_ref()?;
        let total = self.total();
        Some(FilterProgress {
            matches: f.matches.len() as u64,
            loaded: self.loaded,
            total,
            complete: total.is_some_and(|t| self.loaded >= t),
        })
    }

    // ----------------------------------------------------------------------------------
    // Navigation. Each returns the requests to send now.

    /// Sets the visible height (at least 1) and loads what it shows.
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn set_view(&mut self, height: u64) -> Vec<PageRequest> {
        self.height = height.max(1);
        self.scroll_to_selection();
        self.fill()
    }

    /// The requests the list needs now (e.g. right after it was built, or from a timer).
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn requests(&mut self) -> Vec<PageRequest> {
        self.fill()
    }

    /// Selects a position (clamped to the list).
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn select(&mut self, pos: u64) -> Vec<PageRequest> {
        self.moved();
        self.selected = pos;
        self.clamp();
        self.scroll_to_selection();
        self.fill()
    }

    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn down(&mut self) -> Vec<PageRequest> {
        self.select(self.selected.saturating_add(1))
    }

    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn up(&mut self) -> Vec<PageRequest> {
        self.select(self.selected.saturating_sub(1))
    }

    /// Moves a screen down; `height` is the visible height (also kept as the view's height).
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn page_down(&mut self, height: u64) -> Vec<PageRequest> {
        self.moved();
        let h = height.max(1);
        self.height = h;
        let rows = self.rows();
        self.selected = self.selected.saturating_add(h);
        self.first = self.first.saturating_add(h).min(rows.saturating_sub(h));
        self.clamp();
        self.scroll_to_selection();
        self.fill()
    }

    /// Moves a screen up; `height` is the visible height (also kept as the view's height).
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn page_up(&mut self, height: u64) -> Vec<PageRequest> {
        self.moved();
        let h = height.max(1);
        self.height = h;
        self.selected = self.selected.saturating_sub(h);
        self.first = self.first.saturating_sub(h);
        self.clamp();
        self.scroll_to_selection();
        self.fill()
    }

    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn top(&mut self) -> Vec<PageRequest> {
        self.select(0)
    }

    /// Selects the last row (the last match with a filter). Without a known total this starts
    /// the End search ([`seeking_end`](Self::seeking_end)); the selection moves when the
    /// total is found. Any other move cancels the search.
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn end(&mut self) -> Vec<PageRequest> {
        if self.filter.is_some() || self.order.is_some() || self.total().is_some() {
            return self.select(self.rows().saturating_sub(1));
        }
        self.seek_end = true;
        self.fill()
    }

    /// Filters the list (an empty query clears the filter). The selection goes to the first
    /// match at or after the row selected before; a list not fully loaded is read to the end
    /// in the background.
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn set_filter(&mut self, query: &str) -> Vec<PageRequest> {
        self.unorder();
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return self.clear_filter();
        }
        if self.filter.as_ref().is_some_and(|f| f.query == query) {
            return self.fill();
        }
        self.seek_end = false;
        let screen = self.selected.saturating_sub(self.first);
        let (anchor, anchor_screen, moved) = match &self.filter {
            Some(f) if f.moved => match self.selected_index() {
                Some(row) => (row, screen, true),
                None => (f.anchor, f.anchor_screen, true),
            },
            Some(f) => (f.anchor, f.anchor_screen, false),
            None => (self.selected, screen, false),
        };
        let matcher = self.matcher;
        let ps = self.page_size;
        let matches: Vec<u64> = self
            .pages
            .iter()
            .flat_map(|(&page, rows)| {
                let q = query.as_str();
                rows.iter()
                    .enumerate()
                    .filter(move |(_, r)| matcher(r, q))
                    .map(move |(i, _)| page * ps + i as u64)
            })
            .collect();
        self.selected = matches.partition_point(|&m| m < anchor) as u64;
        self.filter = Some(Filter {
            query,
            matches,
            anchor,
            anchor_screen,
            moved,
            cursor: 0,
        });
        self.clamp();
        self.first = self.selected.saturating_sub(screen);
        self.scroll_to_selection();
        self.fill()
    }

    /// Clears the filter: the selected match stays selected (at the same place on screen), or,
    /// with no match selected, the row selected before filtering. Background loading stops
    /// (answers in flight are still stored).
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn clear_filter(&mut self) -> Vec<PageRequest> {
        self.unorder();
        let Some(f) = self.filter.take() else {
            return self.fill();
        };
        let (row, screen) = match usize::try_from(self.selected)
            .ok()
            .and_then(|i| f.matches.get(i))
        {
            Some(&row) => (row, self.selected.saturating_sub(self.first)),
            None => (f.anchor, f.anchor_screen),
        };
        self.selected = row;
        self.clamp();
        self.first = self.selected.saturating_sub(screen);
        self.scroll_to_selection();
        // Never hide rows above while the screen has room below: a short list shows whole.
        let room = self.rows().saturating_sub(self.height);
        self.first = self.first.min(room);
        self.fill()
    }

    // ----------------------------------------------------------------------------------
    // Answers.

    /// Feeds the answer to a request. Answers from another generation, or to requests not in
    /// flight, are ignored.
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn on_page(&mut self, req: PageRequest, result: PageResult<T>) -> Vec<PageRequest> {
        if req.generation != self.generation || !self.in_flight.remove(&req.page) {
            return Vec::new();
        }
        self.probes.remove(&req.page);
        match result {
            Err(e) => {
                self.error = Some(e);
                return Vec::new();
            }
            Ok((rows, total)) if req.probe => self.learn_probe(req.page, !rows.is_empty(), total),
            Ok((mut rows, total)) => {
                self.answered = true;
                rows.truncate(usize::try_from(self.page_size).unwrap_or(usize::MAX));
                self.learn(req.page, rows.len() as u64, total);
                self.store(req.page, rows);
            }
        }
        if self.seek_end && self.total().is_some() {
            self.seek_end = false;
            self.selected = self.rows().saturating_sub(1);
            self.first = self.selected.saturating_sub(self.height - 1);
        }
        self.clamp();
        self.scroll_to_selection();
        self.fill()
    }

    /// Clears the error and requests again what the current goal needs (the window, the End
    /// search, the filter's background loading).
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn retry(&mut self) -> Vec<PageRequest> {
        self.error = None;
        if let Some(f) = &mut self.filter {
            f.cursor = 0;
        }
        self.fill()
    }

    /// Forgets everything (rows, total, filter, selection, error) and starts a new generation:
    /// answers to earlier requests are ignored. Returns the requests for the top of the list.
    #[must_use = "send the requests, or their pages stay in flight"]
    pub fn reset(&mut self) -> Vec<PageRequest> {
        self.generation += 1;
        self.pages.clear();
        self.loaded = 0;
        self.in_flight.clear();
        self.probes.clear();
        self.answered = false;
        self.lower = 0;
        self.upper = None;
        self.selected = 0;
        self.first = 0;
        self.seek_end = false;
        self.error = None;
        self.filter = None;
        self.order = None;
        self.fill()
    }
}

#[cfg(test)]
mod tests;
