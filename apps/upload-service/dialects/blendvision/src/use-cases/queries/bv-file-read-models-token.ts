/**
 * The file queries behind the read-your-writes gate: a ReadModels<BvFileQueries>. Its own file, with no
 * imports, so that BvFileStreams can inject it without an import cycle through the bv_files read model.
 */
export const BV_FILE_READ_MODELS = Symbol('BvFileReadModels');
