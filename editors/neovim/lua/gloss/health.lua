-- `:checkhealth gloss`: the binary, its version, whether the server is attached to the buffer
-- you were in, the glossary files it loaded (with entry counts) and the last glossary error.
-- The glossary part asks the running server (custom request `gloss/status`, see
-- src/lsp/status.rs). Neovim 0.10+ (vim.health.ok …); 0.9's vim.health.report_* also work.
local M = {}

local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local fail = health.error or health.report_error
local info = health.info or health.report_info

-- Client methods: `client:request_sync()` on 0.11+, `client.request_sync()` before.
local function request_sync(client, method, params, timeout, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request_sync(method, params, timeout, bufnr)
  end
  return client.request_sync(method, params, timeout, bufnr)
end

local function count(n, one, many)
  return ('%d %s'):format(n, n == 1 and one or many)
end

local function normal_buffer(bufnr)
  return bufnr and bufnr > 0 and vim.api.nvim_buf_is_valid(bufnr) and vim.bo[bufnr].buftype == ''
end

--- The buffer the user was in before :checkhealth opened its own: the current one if it is a
--- file, else the alternate one, else the first file shown in the previous tab page.
local function user_buffer()
  local current = vim.api.nvim_get_current_buf()
  if normal_buffer(current) and vim.bo[current].filetype ~= 'checkhealth' then
    return current
  end
  local alternate = vim.fn.bufnr('#')
  if normal_buffer(alternate) then
    return alternate
  end
  local previous = vim.fn.tabpagenr('#')
  if previous > 0 then
    for _, bufnr in ipairs(vim.fn.tabpagebuflist(previous)) do
      if normal_buffer(bufnr) then
        return bufnr
      end
    end
  end
  return nil
end

local function check_binary()
  local gloss = require('gloss')
  local cmd = gloss.lsp_config().cmd
  local program = type(cmd) == 'table' and cmd[1] or nil
  if type(program) ~= 'string' then
    info('server command is a function; not checked')
    return
  end
  local path = vim.fn.exepath(program)
  if path == '' then
    fail(('gloss binary not found: %q'):format(program), {
      'Build it: cargo build --release (in the Gloss repository), then put target/release/gloss on your PATH',
      "or pass cmd = { '/path/to/gloss', 'lsp' } to require('gloss').setup()",
      'or set GLOSS_SERVER_PATH=/path/to/gloss in the environment',
    })
    return
  end
  ok('gloss binary: ' .. path)
  local out = vim.fn.system({ path, '--version' })
  if vim.v.shell_error ~= 0 then
    fail(('`%s --version` failed: %s'):format(path, vim.trim(out)))
  else
    ok('version: ' .. vim.trim(out))
  end
end

local function check_glossaries(client, bufnr)
  local res, err = request_sync(client, 'gloss/status', nil, 5000, bufnr)
  if not res or res.err or not res.result then
    warn('the server did not answer gloss/status: ' .. tostring(err or (res and res.err and res.err.message)),
      { 'An older gloss binary? Rebuild it and run :GlossRestart' })
    return
  end
  local status = res.result
  if status.version then
    info('server version: ' .. status.version)
  end
  local embedded_files, embedded_entries, files, entries = 0, 0, 0, 0
  for _, g in ipairs(status.glossaries or {}) do
    if g.embedded then
      embedded_files, embedded_entries = embedded_files + 1, embedded_entries + g.entries
    else
      files, entries = files + 1, entries + g.entries
    end
  end
  if embedded_files > 0 then
    ok(('default glossary (embedded): %s, %s'):format(count(embedded_files, 'file', 'files'),
      count(embedded_entries, 'entry', 'entries')))
  else
    info('default glossary: off (default_glossary = false)')
  end
  if files == 0 then
    info('no workspace glossary files (glossary/**/*.toml, glossary/**/*.json, *.glossary.toml by default)')
  else
    ok(('workspace glossaries: %s, %s'):format(count(files, 'file', 'files'), count(entries, 'entry', 'entries')))
  end
  for _, g in ipairs(status.glossaries or {}) do
    if not g.embedded then
      if g.error then
        local in_use = g.entries > 0
            and ('%s of its last good version in use'):format(count(g.entries, 'entry', 'entries'))
          or 'not loaded'
        warn(('glossary %s: %s; error at %s'):format(g.path, in_use, g.error))
      else
        ok(('glossary %s: %s'):format(g.path, count(g.entries, 'entry', 'entries')))
      end
    end
  end
  if status.lastGlossaryError then
    fail('last glossary error: ' .. status.lastGlossaryError, { 'Open the file: the error is shown as a diagnostic there' })
  else
    ok('no glossary errors')
  end
end

function M.check()
  start('gloss: binary')
  check_binary()

  start('gloss: server')
  local gloss = require('gloss')
  local bufnr = user_buffer()
  local clients = gloss.clients()
  if #clients == 0 then
    warn('no Gloss server is running', {
      "Call require('gloss').setup() in init.lua and open a Markdown or text file",
      'or run :GlossStart in one',
    })
    return
  end
  local attached
  for _, client in ipairs(clients) do
    if bufnr and vim.lsp.buf_is_attached(bufnr, client.id) then
      attached = client
    end
  end
  local name = bufnr and vim.api.nvim_buf_get_name(bufnr) or '(no file buffer)'
  local client = attached or clients[1]
  if attached then
    ok(('attached to the current buffer (%s), client id %d, root %s'):format(name, attached.id,
      tostring(attached.config.root_dir)))
  else
    warn(('not attached to the current buffer (%s)'):format(name), {
      'Gloss attaches to Markdown and text buffers and to glossary files; check the filetype (:set ft?)',
    })
  end

  start('gloss: glossaries')
  check_glossaries(client, attached and bufnr or nil)
end

return M
