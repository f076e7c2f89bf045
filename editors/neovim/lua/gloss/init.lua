-- Gloss for Neovim: starts `gloss lsp` for prose buffers (markdown, text) and glossary files.
--
--   require('gloss').setup({ default_glossary = true, diagnostics = { ['unknown-acronym'] = 'hint' } })
--
-- Keys of setup() that are not plugin options (see `plugin_keys`) are Gloss server settings,
-- sent as initializationOptions and as the `gloss` section of workspace/configuration. New server
-- settings therefore work without changes here. Neovim 0.11+: vim.lsp.config/vim.lsp.enable;
-- 0.10: vim.lsp.start on FileType.
local M = {}

--- Options that steer the plugin; every other key of setup() is a server setting.
local plugin_keys = {
  cmd = true, -- command that starts the server (default { 'gloss', 'lsp' }, or $GLOSS_SERVER_PATH)
  filetypes = true, -- buffers to attach to (toml/json buffers only when they are glossary files)
  root_markers = true, -- files that mark the workspace root
  autostart = true, -- false: configure only; start with vim.lsp.enable('gloss') or :GlossStart
  on_attach = true,
  capabilities = true,
  handlers = true,
  settings = true, -- server settings given as one table, merged under the top-level ones
  legacy = true, -- true: use vim.lsp.start on FileType even where vim.lsp.config exists
}

local defaults = {
  cmd = nil,
  filetypes = { 'markdown', 'text', 'toml', 'json' },
  root_markers = { 'gloss.toml', '.git' },
  autostart = true,
}

M.options = vim.deepcopy(defaults)
--- Server settings (same keys as gloss.toml; see schemas/gloss-config.schema.json).
M.server_settings = {}

local function default_cmd()
  local path = vim.env.GLOSS_SERVER_PATH
  if path and path ~= '' then
    return { path, 'lsp' }
  end
  return { 'gloss', 'lsp' }
end

--- Whether a path is a glossary file under the default globs.
function M.is_glossary(path)
  path = path:gsub('\\', '/')
  return path:match('%.glossary%.toml$') ~= nil
    or path:match('%.glossary%.json$') ~= nil
    or (path:match('/glossary/') ~= nil and (path:match('%.toml$') ~= nil or path:match('%.json$') ~= nil))
end

--- Whether Gloss should attach to a buffer.
function M.attachable(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return false
  end
  local ft = vim.bo[bufnr].filetype
  if not vim.tbl_contains(M.options.filetypes, ft) then
    return false
  end
  if ft == 'toml' or ft == 'json' then
    return M.is_glossary(vim.api.nvim_buf_get_name(bufnr))
  end
  return true
end

--- The workspace root of a buffer: the nearest folder with a root marker, else the file's folder.
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fs.dirname(name) or vim.loop.cwd()
  local found = vim.fs.find(M.options.root_markers, { path = dir, upward = true })[1]
  return found and vim.fs.dirname(found) or dir
end

--- The configuration for vim.lsp.config('gloss', …) (also what lsp/gloss.lua returns).
function M.lsp_config()
  local settings = vim.deepcopy(M.server_settings)
  local config = {
    cmd = M.options.cmd or default_cmd(),
    filetypes = M.options.filetypes,
    root_markers = M.options.root_markers,
    root_dir = function(bufnr, on_dir)
      if M.attachable(bufnr) then
        on_dir(M.root_dir(bufnr))
      end
    end,
    settings = { gloss = settings },
    init_options = settings,
    on_attach = M.options.on_attach,
    capabilities = M.options.capabilities,
    handlers = M.options.handlers,
  }
  return config
end

local function has_config_api()
  return vim.lsp.config ~= nil and vim.lsp.enable ~= nil and not M.options.legacy
end

--- Starts (or reuses) the client for a buffer: the 0.10 path.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not M.attachable(bufnr) then
    return nil
  end
  local config = M.lsp_config()
  config.name = 'gloss'
  config.root_dir = M.root_dir(bufnr)
  config.root_markers = nil
  config.filetypes = nil
  return vim.lsp.start(config, { bufnr = bufnr })
end

-- Client methods: `client:notify()` on 0.11+, `client.notify()` before.
local function call(client, method, ...)
  if vim.fn.has('nvim-0.11') == 1 then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function get_clients(filter)
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)(filter)
end

--- Running Gloss clients.
function M.clients()
  return get_clients({ name = 'gloss' })
end

--- Changes server settings and applies them to running servers without a restart.
function M.update_settings(settings)
  M.server_settings = vim.tbl_deep_extend('force', M.server_settings, settings or {})
  if has_config_api() then
    vim.lsp.config('gloss', { settings = { gloss = M.server_settings }, init_options = M.server_settings })
  end
  for _, client in ipairs(M.clients()) do
    client.settings = { gloss = vim.deepcopy(M.server_settings) }
    call(client, 'notify', 'workspace/didChangeConfiguration', { settings = client.settings })
    -- With pull diagnostics, Neovim re-pulls only on edits (it has no workspace/diagnostic/refresh
    -- before 0.12): pull again now so new severities show at once. The server answers after it has
    -- applied the settings sent just before.
    local caps = client.server_capabilities or {}
    if caps.diagnosticProvider and vim.lsp.diagnostic.on_diagnostic then
      for bufnr in pairs(client.attached_buffers or {}) do
        local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
        call(client, 'request', 'textDocument/diagnostic', params, vim.lsp.diagnostic.on_diagnostic, bufnr)
      end
    end
  end
end

--- Stops every Gloss client and starts again for the buffers it served.
function M.restart()
  local buffers = {}
  for _, client in ipairs(M.clients()) do
    for bufnr in pairs(client.attached_buffers or {}) do
      buffers[#buffers + 1] = bufnr
    end
    call(client, 'stop')
  end
  vim.defer_fn(function()
    for _, bufnr in ipairs(buffers) do
      if has_config_api() then
        -- vim.lsp.enable re-attaches on the next FileType; fire it for these buffers.
        vim.api.nvim_exec_autocmds('FileType', { buffer = bufnr, modeline = false })
      else
        M.start(bufnr)
      end
    end
  end, 500)
end

local group
--- Configures Gloss and, unless autostart = false, starts it for matching buffers.
function M.setup(opts)
  opts = opts or {}
  local options, settings = vim.deepcopy(defaults), {}
  for k, v in pairs(opts) do
    if plugin_keys[k] then
      options[k] = v
    else
      settings[k] = v
    end
  end
  if type(opts.settings) == 'table' then
    settings = vim.tbl_deep_extend('force', opts.settings.gloss or opts.settings, settings)
  end
  options.settings = nil
  M.options, M.server_settings = options, settings

  if has_config_api() then
    vim.lsp.config('gloss', M.lsp_config())
    if options.autostart ~= false then
      vim.lsp.enable('gloss')
    end
    return
  end
  group = vim.api.nvim_create_augroup('gloss', { clear = true })
  if options.autostart == false then
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = options.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.start(bufnr)
    end
  end
end

return M
