"""GraphiQL for development, served from assets bundled at build time (tools/graphiql/fetch.sh),
so the page needs no internet: no CDN, no third-party script. Queries and mutations go over HTTP,
subscriptions over graphql-transport-ws to the same origin and path (`ws(s)://<host>/graphql`),
both with the page's `?token=`."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import HTMLResponse

ASSETS = Path(__file__).parent / "static" / "graphiql"
ASSETS_PATH = "/graphiql-assets"

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Mentorship GraphQL</title>
  <link rel="stylesheet" href="{assets}/graphiql.min.css">
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="{assets}/react.production.min.js"></script>
  <script src="{assets}/react-dom.production.min.js"></script>
  <script src="{assets}/graphiql.min.js"></script>
  <script>
    const params = new URLSearchParams(window.location.search);
    const token = params.get("token");
    const authorization = token ? {{ Authorization: "Bearer " + token }} : {{}};
    // Subscriptions go over graphql-transport-ws to this same origin and path; the token
    // travels in connection_init (the headers tab's values are added to it by GraphiQL).
    const socketScheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const fetcher = GraphiQL.createFetcher({{
      url: window.location.pathname,
      headers: authorization,
      subscriptionUrl: socketScheme + "//" + window.location.host + window.location.pathname,
      wsConnectionParams: authorization,
    }});
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {{
        fetcher,
        defaultEditorToolbarOpen: true,
        defaultQuery: params.get("document") || "{{ unreadNotifications }}",
      }})
    );
  </script>
</body>
</html>
"""


def mount_assets(app: FastAPI) -> bool:
    """Serve the bundled assets; False when they were not built (the IDE then says so)."""
    if not (ASSETS / "graphiql.min.js").exists():
        return False
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS), name="graphiql-assets")
    return True


def page(request: Request, assets_built: bool) -> HTMLResponse:
    if not assets_built:
        return HTMLResponse(
            "<p>GraphiQL's assets are not built: run <code>make install</code> "
            "(tools/graphiql/fetch.sh).</p>",
            status_code=503,
        )
    root = request.scope.get("root_path", "")
    return HTMLResponse(_PAGE.format(assets=f"{root}{ASSETS_PATH}"))
