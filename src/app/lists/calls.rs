//! The pages a list asked for, as API calls in flight: each request id remembers its page.

use std::collections::HashMap;

use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::pages::Flow;
use crate::app::shared::{RequestId, Shared};

use super::{PageRequest, PagedList};

#[derive(Debug, Default)]
pub struct PageCalls {
    pages: HashMap<RequestId, PageRequest>,
}

impl PageCalls {
    /// Sends what the list asked for, one call a page, built by `call`.
    pub fn send(
        &mut self,
        reqs: Vec<PageRequest>,
        shared: &mut Shared,
        call: impl Fn(&PageRequest) -> ApiCall,
    ) -> Flow {
        let mut flow = Flow::none();
        for req in reqs {
            let (id, cmd) = shared.call(call(&req));
            self.pages.insert(id, req);
            flow.commands.push(cmd);
        }
        flow
    }

    /// Whether a request is one of this list's pages.
    pub fn owns(&self, id: RequestId) -> bool {
        self.pages.contains_key(&id)
    }

    /// The page a reply answers, if it is one of this list's.
    fn take(&mut self, id: RequestId) -> Option<PageRequest> {
        self.pages.remove(&id)
    }

    /// Feeds a reply to `list` when it answers one of this list's pages: `rows` takes the
    /// rows and total out of the reply. `None` when the reply is not one of them.
    pub fn answer<T>(
        &mut self,
        id: RequestId,
        reply: Reply,
        list: &mut PagedList<T>,
        rows: impl FnOnce(ApiReply) -> Option<(Vec<T>, Option<u64>)>,
    ) -> Option<Vec<PageRequest>> {
        let req = self.take(id)?;
        let result = match reply {
            Reply::Api(Ok(r)) => Ok(rows(r)?),
            Reply::Api(Err(e)) => Err(e.to_string()),
            _ => return None,
        };
        Some(list.on_page(req, result))
    }

    /// Forgets every call in flight (a new listing: late answers are dropped).
    pub fn clear(&mut self) {
        self.pages.clear();
    }
}
