-- Smoke test of Neovim's raw LSP client against gloss, in the API of Neovim 0.7
-- (Debian bookworm's package; UTF-16 only). The plugin itself targets 0.10+.
-- env: GLOSS_BIN, GLOSS_ROOT; the document is the current buffer.
local BIN, ROOT = os.getenv('GLOSS_BIN'), os.getenv('GLOSS_ROOT')
local label = 'neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. ' (raw client)'
local passed, failed = 0, 0
local function out(s) io.stdout:write(s .. '\n') end
local function check(name, ok, detail)
  if ok then passed = passed + 1; out('ok   ' .. label .. ': ' .. name)
  else failed = failed + 1; out('FAIL ' .. label .. ': ' .. name .. (detail and (': ' .. detail) or '')) end
  return ok
end

local ok, err = pcall(function()
  local id = vim.lsp.start_client({ name = 'gloss', cmd = { BIN, 'lsp' }, root_dir = ROOT })
  local client = vim.lsp.get_client_by_id(id)
  vim.wait(10000, function() return client.initialized end, 20)
  check('initializes', client.initialized)
  vim.lsp.buf_attach_client(1, id)
  -- 0.11 offers utf-8 (the server takes it), older versions only utf-16.
  local want = vim.fn.has('nvim-0.11') == 1 and 'utf-8' or 'utf-16'
  check(want .. ' negotiated', client.offset_encoding == want, tostring(client.offset_encoding))
  -- Pushed (publishDiagnostics) or pulled (textDocument/diagnostic, 0.10+): Neovim stores both here.
  local diags = {}
  vim.wait(10000, function()
    diags = vim.tbl_filter(function(d) return d.source == 'gloss' end, vim.diagnostic.get(1))
    return #diags > 0
  end, 20)
  local codes = {}
  for _, d in ipairs(diags) do codes[d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'] = true end
  check('publishes diagnostics with source gloss', diags and #diags > 0 and diags[1].source == 'gloss' and codes['undefined-acronym'], vim.inspect(vim.tbl_keys(codes)))
  local caps = client.server_capabilities or client.resolved_capabilities or {}
  local params = { textDocument = { uri = vim.uri_from_bufnr(1) }, position = { line = 4, character = 1 } }
  if check('advertises hover and definition', caps.hoverProvider ~= nil and caps.definitionProvider ~= nil) then
    local res = vim.lsp.buf_request_sync(1, 'textDocument/hover', params, 10000) or {}
    local r = res[id] and res[id].result
    local text = r and r.contents and (r.contents.value or '') or ''
    check('hover shows the glossary card', text:find('Shanghai Institutes for International Studies', 1, true) ~= nil, text:sub(1, 120))
    res = vim.lsp.buf_request_sync(1, 'textDocument/definition', params, 10000) or {}
    r = res[id] and res[id].result
    local loc = r and (r.uri and r or r[1])
    check('definition points at the glossary entry', loc and (loc.uri or loc.targetUri or ''):match('institutions%.toml$') ~= nil, vim.inspect(r))
  end
  client.stop()
end)
if not ok then check('no Lua error', false, tostring(err)) end
out(string.format('%s: %d passed, %d failed', label, passed, failed))
vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
