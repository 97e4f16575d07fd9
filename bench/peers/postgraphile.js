// PostGraphile v4 on the bench database, connected as antq_app under the same row-level
// security as the API: every request runs with app.scope_paths set (pgSettings), here the
// national scope of the benchmark's user (bca_v05). Usage: node postgraphile.js URL PORT SCOPE
const http = require("http");
const { postgraphile } = require("postgraphile");

const [url, port, scope] = process.argv.slice(2);
const middleware = postgraphile(url, "public", {
  pgSettings: { "app.scope_paths": scope },
  disableDefaultMutations: true,
  ignoreRBAC: false,
  graphiql: false,
  disableQueryLog: true,
  retryOnInitFail: false,
});
http.createServer(middleware).listen(Number(port), "127.0.0.1", () => {
  console.log(`postgraphile listening on ${port}`);
});
