//! `sim …`: the verbs that act on the simulation itself rather than on its API — nodes, time,
//! faults, traffic, explanations — each group in its own file, as free functions on a
//! [`World`]. (`sim build|images|tag|push` are the image commands' ([`crate::cloud::images`]);
//! `sim account|cluster|env…` are routed before they get here.)

mod clock;
mod explain;
mod explain_pod;
mod explain_words;
pub(crate) mod images;
mod kill;
mod nodes;
mod scale;
mod traffic;

use crate::base::command::CommandError;
use crate::lang::args::{err, parse_args};
use crate::lang::grammar;
use crate::world::World;

/// Runs `sim VERB …` (`t` starts at the verb).
pub(crate) fn run_sim(w: &mut World, t: &[String]) -> Result<String, CommandError> {
    let Some(verb) = t.first() else {
        return Ok(crate::lang::help::program_page("sim"));
    };
    let path = ["sim", verb.as_str()];
    if !grammar::exists(&path) {
        return err(format!("error: unknown command \"{verb}\" for \"sim\""));
    }
    let rest = &t[1..];
    let cmd = format!("sim {verb}");
    let args = || parse_args(rest, &path, &cmd);
    match verb.as_str() {
        "nodes" => nodes::set_nodes(w, &args()?),
        "scale" => scale::scale(w, &args()?),
        "add-node" => nodes::add_node(w, &args()?),
        "remove-node" => nodes::remove_node(w, &args()?),
        "fail-node" | "restore-node" => nodes::fail_or_restore_node(w, &args()?, verb),
        "why" => explain::why(w, &args()?),
        "side-by-side" => explain::side_by_side(w, &args()?),
        "explain" => explain_pod::explain_pod(w, &args()?),
        "traffic" => traffic::traffic(w, &args()?),
        "compress" => clock::compress(w, &args()?),
        "seed" => clock::seed(w, &args()?),
        "wait" => clock::wait(w, &args()?),
        "kill" | "crash" => kill::kill_or_crash(w, &args()?, verb, &cmd),
        other => err(format!("error: unknown command \"{other}\" for \"sim\"")),
    }
}
