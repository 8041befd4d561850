//! Every screen is a page: its state and behaviour in `pages/<name>.rs`, its drawing in
//! `ui/pages/<name>.rs`. A page never imports another page; it names where to go by a
//! `Route`, and the registry below builds the page.
//!
//! Adding a page: the two files, one line in `pages!` below, one line in `ui/pages/mod.rs`.

use std::any::Any;

use tui_input::Input;

use super::action::Reply;
use super::code_panel::CodePanel;
use super::keymap::{Binding, Intent};
use super::router::{Flow, Outcome};
use super::shared::{RequestId, Shared};

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
    fn code_panel_mut(&mut self) -> Option<&mut CodePanel> {
        None
    }
}

macro_rules! pages {
    ($($variant:ident => $module:ident :: $ty:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Which page: the kind of a route or of a page on the stack.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Screen { $($variant),* }

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

pages! {
    Connect => connect::ConnectPage,
    SignIn => sign_in::SignInPage,
    Home => home::HomePage,
    DeviceCode => device_code::DeviceCodePage,
    Organizations => organizations::OrganizationsPage,
    Organization => organization::OrganizationPage,
    AddOrganization => add_organization::AddOrganizationPage,
    NewRestoreSession => new_restore_session::NewRestoreSessionPage,
    RestoreSession => restore_session::RestoreSessionPage,
    RestoreSessions => restore_sessions::RestoreSessionsPage,
    Browse => browse::BrowsePage,
    CertChanged => cert_changed::CertChangedPage,
}
