//! Every screen is a page: its state and behaviour in `pages/<name>.rs`, its drawing in
//! `ui/pages/<name>.rs`. A page never imports another page; it names where to go by a
//! `Route`, and the registry below builds the page.
//!
//! Adding a page: the two files and one line in `page_list!` below.
//!
//! Navigation is by value: a page's behaviour returns a `Flow` (commands, where to go as a
//! `Nav`, a modal), and a popped page hands an `Outcome` to the one it returns to.

use std::any::Any;

use tui_input::Input;

use super::action::Reply;
use super::code_panel::{self, CodePanel, PanelEvent};
use super::command::Command;
use super::keymap::{Binding, Intent};
use super::modals::Modal;
use super::shared::{RequestId, Shared};
use crate::api::ApiError;
use crate::poll::CodeUpdate;

/// How a page is opened from its route.
pub trait Open: Page + Sized {
    /// What `Route` carries to open this page (plain data from `api` or `std`).
    type Args;
    /// Builds the page; the flow holds what it fetches first.
    fn open(args: Self::Args, shared: &mut Shared) -> (Self, Flow);
}

/// What every page does. Only `title`, `bindings` and `on_intent` are required.
pub trait Page: Any {
    fn title(&self) -> String;
    /// The keys that work now: footer and help come from them.
    fn bindings(&self, shared: &Shared) -> &'static [Binding];
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow;
    fn on_reply(&mut self, _id: RequestId, _reply: Reply, _shared: &mut Shared) -> Flow {
        Flow::unchanged()
    }
    /// The page above was popped and this one is on top again.
    fn on_return(&mut self, _outcome: Option<Outcome>, _shared: &mut Shared) -> Flow {
        Flow::none()
    }
    /// Another page was opened above this one: what it polls should rest until
    /// [`Page::on_return`] (nobody sees it meanwhile).
    fn on_covered(&mut self, _shared: &mut Shared) -> Flow {
        Flow::none()
    }
    /// Fetches again what failed while the session was gone.
    fn reload(&mut self, _shared: &mut Shared) -> Flow {
        Flow::none()
    }
    /// The page is being left for good (its streams are stopped by the app).
    fn on_leave(&mut self, _shared: &mut Shared) {}
    /// Whether typed characters go into a text field now.
    fn typing(&self) -> bool {
        false
    }
    /// The text field typed into now.
    fn input(&mut self) -> Option<&mut Input> {
        None
    }
    /// Text was typed into [`Page::input`].
    fn on_input(&mut self, _shared: &mut Shared) -> Flow {
        Flow::none()
    }
    /// The device-code panel this page shows now.
    fn code_panel(&self) -> Option<&CodePanel> {
        None
    }
    /// Where a page that shows a device-code panel keeps it. While it holds one, the router
    /// gives the panel the page's keys and its device-code updates (`panel_intent`,
    /// `panel_update`), and the page hears what came of them in `on_panel`.
    fn code_slot(&mut self) -> Option<&mut Option<CodePanel>> {
        None
    }
    /// What the panel reported: a new code wanted, cancelled, used, or a key it does not
    /// take.
    fn on_panel(&mut self, _event: PanelEvent, _shared: &mut Shared) -> Flow {
        Flow::unchanged()
    }
}

/// Where a scrolled view goes on a scroll key (a line, a screen, an end), `at` counted from
/// the top and at most `last`; `None` for any other key.
pub(crate) fn scrolled(intent: Intent, at: usize, last: usize, page: usize) -> Option<usize> {
    Some(match intent {
        Intent::Down => (at + 1).min(last),
        Intent::Up => at.saturating_sub(1),
        Intent::PageDown => (at + page).min(last),
        Intent::PageUp => at.saturating_sub(page),
        Intent::Top => 0,
        Intent::Bottom => last,
        _ => return None,
    })
}

/// One read a page shows, one at a time: asks for `call` unless `reading` is out already.
pub(crate) fn ask_once(
    reading: &mut Option<RequestId>,
    call: crate::api::ApiCall,
    shared: &mut Shared,
) -> Flow {
    if reading.is_some() {
        return Flow::unchanged();
    }
    let (id, cmd) = shared.call(call);
    *reading = Some(id);
    Flow::cmd(cmd)
}

/// A page's watcher rests while another page covers it: cancelled, to start again on return.
pub(crate) fn rest(watch: &mut Option<RequestId>, shared: &mut Shared) -> Flow {
    match watch.take() {
        Some(id) => Flow::cmd(shared.cancel(id)),
        None => Flow::none(),
    }
}

/// The answer to the read `reading` waits for, kept in `into` (`pick` finds it in the API's
/// reply; an error is kept as its words). A reply to another request changes nothing.
pub(crate) fn answered<T>(
    reading: &mut Option<RequestId>,
    into: &mut Option<Result<T, String>>,
    id: RequestId,
    reply: crate::app::action::Reply,
    pick: impl FnOnce(crate::api::ApiReply) -> Option<T>,
) -> Flow {
    use crate::app::action::Reply;
    if *reading != Some(id) {
        return Flow::unchanged();
    }
    *reading = None;
    *into = match reply {
        Reply::Api(Ok(r)) => match pick(r) {
            Some(v) => Some(Ok(v)),
            None => return Flow::unchanged(),
        },
        Reply::Api(Err(e)) => Some(Err(e.to_string())),
        _ => return Flow::unchanged(),
    };
    Flow::none()
}

/// A key for a page that shows a device-code panel: the panel takes it, and the page hears
/// what came of it. None when no panel is shown (the page takes the key).
pub fn panel_intent(page: &mut dyn Page, intent: Intent, shared: &mut Shared) -> Option<Flow> {
    let slot = page.code_slot().filter(|s| s.is_some())?;
    let (flow, event) = code_panel::key(slot, intent, shared);
    Some(heard(page, Flow::from(flow), event, shared))
}

/// A device-code update for a page: its panel takes it when the code is the panel's. None
/// when the page keeps no panel (the page takes the reply).
pub fn panel_update(
    page: &mut dyn Page,
    id: RequestId,
    update: CodeUpdate,
    shared: &mut Shared,
) -> Option<Flow> {
    let slot = page.code_slot()?;
    Some(match code_panel::update(slot, id, update) {
        Some(event) => heard(page, Flow::none(), event, shared),
        None => Flow::unchanged(),
    })
}

fn heard(page: &mut dyn Page, flow: Flow, event: PanelEvent, shared: &mut Shared) -> Flow {
    match event {
        PanelEvent::None => flow,
        event => flow.and(page.on_panel(event, shared)),
    }
}

/// Who may open a page from the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// Anyone signed in.
    SignedIn,
    Administrator,
}

macro_rules! pages {
    (@palette $name:literal $who:ident) => { Some(($name, Who::$who)) };
    (@palette) => { None };
    (@open $variant:ident $name:literal) => { Some(Route::$variant(Default::default())) };
    (@open $variant:ident) => { None };
    ($($variant:ident => $module:ident :: $ty:ident, sample $sample:expr
        $(, palette $name:literal for $who:ident)?;)*) => {
        $(pub mod $module;)*

        /// Which page: the kind of a route or of a page on the stack.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Screen { $($variant),* }

        impl Screen {
            /// Every page, in the registry's order.
            pub const ALL: &[Screen] = &[$(Screen::$variant),*];

            /// The page's name in the `:` palette and who may open it there.
            pub fn palette(self) -> Option<(&'static str, Who)> {
                match self { $(Screen::$variant => pages!(@palette $($name $who)?)),* }
            }
        }

        /// Where to go: a page and what it opens with.
        #[derive(Debug)]
        pub enum Route { $($variant(<$module::$ty as Open>::Args)),* }

        /// One page on the stack (a handful at a time, so their sizes do not matter).
        #[allow(clippy::large_enum_variant)]
        pub enum PageState { $($variant($module::$ty)),* }

        impl Route {
            pub fn screen(&self) -> Screen {
                match self { $(Route::$variant(_) => Screen::$variant),* }
            }
            /// Builds the page this route names.
            pub fn open(self, shared: &mut Shared) -> (PageState, Flow) {
                match self {
                    $(Route::$variant(args) => {
                        let (page, flow) = <$module::$ty as Open>::open(args, shared);
                        (PageState::$variant(page), flow)
                    })*
                }
            }
            /// The route the palette opens for a page it names.
            pub fn from_palette(screen: Screen) -> Option<Route> {
                match screen { $(Screen::$variant => pages!(@open $variant $($name)?)),* }
            }
            /// A route with realistic arguments, for benchmarks.
            #[doc(hidden)]
            pub fn sample(screen: Screen) -> Route {
                match screen { $(Screen::$variant => Route::$variant($sample)),* }
            }
        }

        impl std::fmt::Debug for PageState {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self { $(PageState::$variant(p) => p.fmt(f)),* }
            }
        }

        impl PageState {
            pub fn screen(&self) -> Screen {
                match self { $(PageState::$variant(_) => Screen::$variant),* }
            }
            pub fn page(&self) -> &dyn Page {
                match self { $(PageState::$variant(p) => p),* }
            }
            pub fn page_mut(&mut self) -> &mut dyn Page {
                match self { $(PageState::$variant(p) => p),* }
            }
        }
    };
}

/// The registry: one line a page, giving its route variant, its module and type here (the
/// module of the same name under `ui/pages/` draws it), a sample route for benchmarks, and
/// its palette name with who may open it there. The palette lists its pages in this order.
/// `ui/pages` reads the same list, so a page is two files and one line here.
macro_rules! page_list {
    ($callback:ident) => {
        $callback! {
            Connect => connect::ConnectPage, sample ();
            SignIn => sign_in::SignInPage, sample None;
            Today => today::TodayPage, sample (), palette "today" for Administrator;
            JobSession => job_session::JobSessionPage,
                sample Box::new(("Contoso – Exchange and OneDrive".into(), "s".into()));
            Job => job::JobPage, sample Box::default();
            Server => server::ServerPage, sample Box::default(),
                palette "server" for Administrator;
            GraphReadiness => graph_readiness::GraphReadinessPage, sample None,
                palette "graph readiness" for Administrator;
            Home => home::HomePage, sample (), palette "home" for SignedIn;
            Organizations => organizations::OrganizationsPage, sample None,
                palette "organizations" for Administrator;
            AddOrganization => add_organization::AddOrganizationPage, sample Default::default(),
                palette "add organization" for Administrator;
            RestoreSessions => restore_sessions::RestoreSessionsPage, sample (),
                palette "restore sessions" for SignedIn;
            Tasks => tasks::TasksPage, sample (), palette "tasks" for SignedIn;
            DeviceCode => device_code::DeviceCodePage, sample (),
                palette "device code" for Administrator;
            Keys => keys::KeysPage, sample (), palette "keys" for SignedIn;
            Messages => messages::MessagesPage, sample (), palette "messages" for SignedIn;
            Organization => organization::OrganizationPage,
                sample Box::new(crate::app::samples::organization(0));
            NewRestoreSession => new_restore_session::NewRestoreSessionPage,
                sample Some(Box::new(crate::app::samples::organization(0)));
            RestoreSession => restore_session::RestoreSessionPage,
                sample Box::new((crate::app::samples::session(), Some(Box::new(crate::app::samples::organization(0)))));
            Browse => browse::BrowsePage, sample Box::new((crate::app::samples::session(), None));
            Save => save::SavePage, sample Box::new(crate::app::samples::save_offer());
            Restore => restore::RestorePage, sample Box::new(crate::app::samples::restore_offer());
            CertChanged => cert_changed::CertChangedPage,
                sample Box::new((crate::app::samples::certificate(), crate::api::Fingerprint([0xAB; 32])));
        }
    };
}
pub(crate) use page_list;

page_list!(pages);

/// The `:` palette's destinations: the pages the registry names for it, in its order, then
/// the actions.
pub fn palette_targets() -> impl Iterator<Item = &'static str> {
    Screen::ALL
        .iter()
        .filter_map(|s| s.palette().map(|(name, _)| name))
        .chain(super::modals::PALETTE_ACTIONS)
}

impl super::modals::PaletteState {
    pub fn matches(&self) -> Vec<&'static str> {
        let q = self.input.value().trim().to_lowercase();
        palette_targets().filter(|t| t.contains(&q)).collect()
    }
}

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
    /// An organization was edited: read it again.
    OrganizationChanged(String),
    /// Signed in again after the session could not be renewed: fetch what failed.
    SignedInAgain,
    /// The server refused a search's query: the level it started from asks for it again,
    /// with the query as it was sent and the server's words.
    SearchRefused { query: String, message: String },
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

impl From<super::code_panel::PanelFlow> for Flow {
    fn from(p: super::code_panel::PanelFlow) -> Self {
        Flow {
            commands: p.commands,
            redraw: p.changed,
            ..Flow::default()
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
