// GraphiQL with the explorer plugin, served from our own static files (no inline script, no CDN).
// The query, variables and headers are kept in the URL (?q=&variables=) so a link can be shared;
// send "Authorization: Bearer <access token>" from the headers tab to run signed-in queries.
(function () {
  "use strict";

  const EXAMPLE_QUERY = `# MoviVerse GraphQL API
# Run: Ctrl-Enter or the play button.
# The explorer (left) builds a query by clicks.
# Signed-in fields need a header (Headers tab):
# {"Authorization": "Bearer <access token>"}

query Trending {
  trending(timeRange: WEEK, limit: 5) {
    tmdbId
    title
    releaseDate
  }
}
`;

  const parameters = Object.fromEntries(new URLSearchParams(window.location.search));

  function updateURL(changes) {
    Object.assign(parameters, changes);
    const kept = Object.entries(parameters).filter(([, value]) => Boolean(value));
    history.replaceState(null, "", "?" + new URLSearchParams(kept).toString());
  }

  const fetcher = GraphiQL.createFetcher({ url: window.location.href.split("?")[0] });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function Page() {
    const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
    const [variables, setVariables] = React.useState(parameters.variables);
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      visiblePlugin: explorer,
      query: query,
      variables: variables,
      onEditQuery: (value) => {
        setQuery(value);
        updateURL({ q: value });
      },
      onEditVariables: (value) => {
        setVariables(value);
        updateURL({ variables: value });
      },
      defaultEditorToolsVisibility: true,
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(Page));
})();
