//! Navigation as values: what a page's behaviour returns (`Flow`), where to go (`Nav`), and
//! what a page hands to the one below when it is popped (`Outcome`).

use crate::api::ApiError;

use super::command::Command;
use super::modals::Modal;
use super::pages::{Route, Screen};

/// Where to go next.
#[derive(Debug)]
pub enum Nav {
    /// Open a page above this one; Esc comes back here.
    Push(Route),
    /// Open a page in place of this one.
    Replace(Route),
    /// Back to the page below, with what came of this one.
    Pop(Option<Outcome>),
    /// Back to the nearest page of this kind (pushed when there is none).
    PopTo(Screen, Option<Outcome>),
    /// Jump to a page: back to it when it is open, else above Home.
    Show(Route, Option<Outcome>),
}

/// What a popped page tells the page it returns to.
#[derive(Debug)]
pub enum Outcome {
    /// Signing in met a certificate problem: the connect page deals with it.
    ConnectFailed(ApiError),
    /// An organization was added: select it in the list.
    OrganizationAdded(Option<String>),
    /// Signed in again after the session could not be renewed: fetch what failed.
    SignedInAgain,
}

/// What a page asks of the app as a whole; leaving asks first about working sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppRequest {
    SignOut,
    /// Sign out (if signed in) and go back to the connect page.
    Connect,
    Quit,
    /// Fetch the server's build again (the header shows it).
    ServerBuild,
}

/// What a page's behaviour returns: commands for the runtime, navigation, a modal.
#[derive(Debug)]
pub struct Flow {
    pub commands: Vec<Command>,
    pub nav: Option<Nav>,
    pub modal: Option<Modal>,
    /// Something only the app as a whole can do.
    pub request: Option<AppRequest>,
    /// Whether the screen must be drawn again.
    pub redraw: bool,
}

impl Default for Flow {
    fn default() -> Self {
        Flow {
            commands: Vec::new(),
            nav: None,
            modal: None,
            request: None,
            redraw: true,
        }
    }
}

impl Flow {
    /// State may have changed; nothing else to do.
    pub fn none() -> Flow {
        Flow::default()
    }
    /// Nothing changed: no redraw.
    pub fn unchanged() -> Flow {
        Flow {
            redraw: false,
            ..Flow::default()
        }
    }
    pub fn cmd(command: Command) -> Flow {
        Flow::cmds(vec![command])
    }
    pub fn cmds(commands: Vec<Command>) -> Flow {
        Flow {
            commands,
            ..Flow::default()
        }
    }
    pub fn nav(nav: Nav) -> Flow {
        Flow {
            nav: Some(nav),
            ..Flow::default()
        }
    }
    pub fn push(route: Route) -> Flow {
        Flow::nav(Nav::Push(route))
    }
    pub fn pop() -> Flow {
        Flow::nav(Nav::Pop(None))
    }
    pub fn modal(modal: Modal) -> Flow {
        Flow {
            modal: Some(modal),
            ..Flow::default()
        }
    }
    pub fn request(request: AppRequest) -> Flow {
        Flow {
            request: Some(request),
            ..Flow::default()
        }
    }
    pub fn with(mut self, command: Command) -> Flow {
        self.commands.push(command);
        self
    }
    pub fn with_nav(mut self, nav: Nav) -> Flow {
        self.nav = Some(nav);
        self
    }
    /// Both flows: commands in order; the later navigation and modal win.
    pub fn and(mut self, other: Flow) -> Flow {
        self.commands.extend(other.commands);
        self.nav = other.nav.or(self.nav);
        self.modal = other.modal.or(self.modal);
        self.request = other.request.or(self.request);
        self.redraw |= other.redraw;
        self
    }
}
