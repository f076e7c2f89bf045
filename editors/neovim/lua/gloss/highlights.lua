-- Default colours for Gloss's semantic tokens: one highlight group per token type and modifier
-- of the server's legend (src/analysis/decorations.rs, TOKEN_TYPES / TOKEN_MODIFIERS).
--
-- Neovim (0.9+) highlights a token of type T with modifiers M as `@lsp.type.T.<filetype>`,
-- `@lsp.mod.M.<filetype>` and `@lsp.typemod.T.M.<filetype>`, each falling back to the name
-- without the filetype. Types link to classic groups that every colour scheme defines, so two
-- kinds of mention get two colours whatever the scheme; modifiers add an attribute on top
-- (Neovim layers the modifier's highlight over the type's). Every group is set with
-- `default = true` (`:hi def`): a colour scheme or the user's own `nvim_set_hl` wins, before or
-- after. `:colorscheme` clears highlights, so they are set again on ColorScheme.
local M = {}

--- Token type → the group it links to.
M.types = {
  concept = 'Identifier',
  organization = 'Type',
  person = 'Function',
  place = 'Constant',
  document = 'String',
  event = 'PreProc',
  other = 'Special',
  unknownAcronym = 'SpellRare',
}

--- Token modifier → the attributes it adds to its type's colour.
M.modifiers = {
  acronym = { bold = true },
  nonPreferred = { strikethrough = true },
  ambiguous = { underdotted = true },
}

local function set(name, value)
  value = vim.tbl_extend('force', value, { default = true })
  local ok = pcall(vim.api.nvim_set_hl, 0, name, value)
  if not ok and value.link then
    pcall(vim.cmd, ('highlight default link %s %s'):format(name, value.link))
  end
end

--- Sets the default groups (never over a group that is already defined).
function M.apply()
  for token_type, group in pairs(M.types) do
    set('@lsp.type.' .. token_type, { link = group })
  end
  for modifier, attrs in pairs(M.modifiers) do
    set('@lsp.mod.' .. modifier, attrs)
  end
end

local group
--- Applies the defaults now and after every `:colorscheme`.
function M.setup()
  M.apply()
  group = vim.api.nvim_create_augroup('gloss_highlights', { clear = true })
  vim.api.nvim_create_autocmd('ColorScheme', {
    group = group,
    callback = M.apply,
    desc = 'Gloss: default highlights of semantic tokens',
  })
end

return M
