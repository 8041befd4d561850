//! The pages a list asked for, as API calls in flight: each request id remembers its page.

use std::collections::HashMap;

use crate::api::ApiCall;
use crate::app::pages::Flow;
use crate::app::shared::{RequestId, Shared};

use super::PageRequest;

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

    /// The page a reply answers, if it is one of this list's.
    pub fn take(&mut self, id: RequestId) -> Option<PageRequest> {
        self.pages.remove(&id)
    }

    /// Forgets every call in flight (a new listing: late answers are dropped).
    pub fn clear(&mut self) {
        self.pages.clear();
    }
}
