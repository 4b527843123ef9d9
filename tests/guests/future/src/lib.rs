//! Exports the guest interface of a later, incompatible contract version; the
//! host must refuse it before instantiating, naming both versions.

wit_bindgen::generate!({
    inline: "
        package agentops:skill@0.2.0;
        interface guest {
            run: func(request: string) -> string;
        }
        world skill {
            export guest;
        }
    ",
});

struct Future;

impl exports::agentops::skill::guest::Guest for Future {
    fn run(request: String) -> String {
        request
    }
}

export!(Future);
