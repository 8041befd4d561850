//! Fetches a restore session's contents page by page, on demand, for virtualized lists.

use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::ApiError;
use super::listing::Listing;

/// Pages through one listing. It remembers where it is and whether the end was seen.
pub struct Pager<T> {
    client: Client,
    session_id: String,
    listing: Listing,
    page_size: u64,
    next_offset: u64,
    total: Option<u64>,
    exhausted: bool,
    _item: std::marker::PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pager<T> {
    pub fn new(client: Client, session_id: &str, listing: Listing, page_size: u64) -> Self {
        Pager {
            client,
            session_id: session_id.to_string(),
            listing,
            page_size: page_size.clamp(1, 10_000),
            next_offset: 0,
            total: None,
            exhausted: false,
            _item: std::marker::PhantomData,
        }
    }

    /// Total reported by the server (v6/v7 send `totalCount`; v8 does not).
    pub fn total(&self) -> Option<u64> {
        self.total
    }
    pub fn is_exhausted(&self) -> bool {
        self.exhausted
    }
    pub fn loaded(&self) -> u64 {
        self.next_offset
    }

    /// Fetches the page at `offset` without moving the cursor.
    pub async fn fetch_at(&self, offset: u64) -> Result<Vec<T>, ApiError> {
        let page = self
            .client
            .listing_page::<T>(&self.session_id, &self.listing, offset, self.page_size)
            .await?;
        Ok(page.results)
    }

    /// Fetches the next page; `None` once the end has been reached.
    pub async fn next_page(&mut self) -> Result<Option<Vec<T>>, ApiError> {
        if self.exhausted {
            return Ok(None);
        }
        let page = self
            .client
            .listing_page::<T>(
                &self.session_id,
                &self.listing,
                self.next_offset,
                self.page_size,
            )
            .await?;
        if page.total_count.is_some() {
            self.total = page.total_count;
        }
        let n = page.results.len() as u64;
        self.next_offset += n;
        if n < self.page_size || self.total.is_some_and(|t| self.next_offset >= t) {
            self.exhausted = true;
        }
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(page.results))
    }
}
